using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Conversations.TransferConversation;

internal sealed class TransferConversationCommandValidator : AbstractValidator<TransferConversationCommand>
{
    public TransferConversationCommandValidator()
    {
        RuleFor(c => c.ToUserId)
            .Must((command, toUserId) => toUserId is not null || command.ToQueueId is not null)
            .WithMessage("Give toUserId, toQueueId or both.");
        RuleFor(c => c.Note)
            .MaximumTextLength(TransferConversationCommand.MaxNoteLength)
            .Must(v => v is null || !v.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            .WithMessage("'{PropertyName}' must not contain control characters.");
    }
}
