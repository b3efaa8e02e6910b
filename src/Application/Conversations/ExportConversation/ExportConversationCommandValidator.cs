using FluentValidation;

namespace WhatsSuite.Application.Conversations.ExportConversation;

internal sealed class ExportConversationCommandValidator : AbstractValidator<ExportConversationCommand>
{
    public ExportConversationCommandValidator() =>
        RuleFor(c => c.Format)
            .Must(f => ConversationExportReader.TryParseFormat(f, out _))
            .WithMessage("'{PropertyName}' must be json, csv or html.");
}
