using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Sandbox.SimulateInboundMessage;

internal sealed class SimulateInboundMessageCommandValidator : AbstractValidator<SimulateInboundMessageCommand>
{
    public SimulateInboundMessageCommandValidator()
    {
        RuleFor(c => c.From!).ValidPhoneNumber().When(c => c.From is not null || c.UserId is null);
        RuleFor(c => c.UserId).ValidUserId();
        RuleFor(c => c.Name).ValidContactName();
        RuleFor(c => c.Username).ValidContactName();
        RuleFor(c => c.Type)
            .Must(t => t is null or MessageTypes.Text or MessageTypes.Image or MessageTypes.Audio or MessageTypes.Reaction)
            .WithMessage("'{PropertyName}' must be text, image, audio or reaction.");
        RuleFor(c => c.Text).MaximumTextLength(Message.MaxTextLength).Must(CommonRules.NoControlCharactersExceptNewlines)
            .WithMessage("'{PropertyName}' must not contain control characters other than line breaks.");
        RuleFor(c => c.Text).NotEmpty().When(c => c.Type is null or MessageTypes.Text or MessageTypes.Reaction);
        RuleFor(c => c.Caption).MaximumTextLength(1024).Must(CommonRules.NoControlCharactersExceptNewlines)
            .WithMessage("'{PropertyName}' must not contain control characters other than line breaks.");
        RuleFor(c => c.ReactTo).NotEmpty().MaximumLength(Message.MaxWamidLength).When(c => c.Type == MessageTypes.Reaction);
        RuleFor(c => c.ReactTo).Must(CommonRules.NoControlCharacters).WithMessage("'{PropertyName}' must not contain control characters.");
    }
}
