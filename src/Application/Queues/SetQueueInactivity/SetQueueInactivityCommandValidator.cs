using FluentValidation;
using WhatsSuite.Domain.Settings;

namespace WhatsSuite.Application.Queues.SetQueueInactivity;

internal sealed class SetQueueInactivityCommandValidator : AbstractValidator<SetQueueInactivityCommand>
{
    public SetQueueInactivityCommandValidator()
    {
        RuleFor(c => c.WarnMinutes).InclusiveBetween(0, InactivityRule.MaxWarnMinutes);
        RuleFor(c => c.CloseMinutes).InclusiveBetween(0, InactivityRule.MaxCloseMinutes);
        RuleFor(c => c.WarnMinutes)
            .Must((c, warn) => InactivityRule.IsValid(warn ?? 0, c.CloseMinutes ?? 0))
            .When(c => c.WarnMinutes is > 0 && c.CloseMinutes is > 0)
            .WithMessage("The warning must come before the close: warnMinutes less than closeMinutes.");
    }
}
