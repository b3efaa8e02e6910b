using FluentValidation;
using WhatsSuite.Domain.Settings;

namespace WhatsSuite.Application.Settings.UpdateSettings;

internal sealed class UpdateSettingsCommandValidator : AbstractValidator<UpdateSettingsCommand>
{
    public UpdateSettingsCommandValidator()
    {
        RuleFor(c => c.AutoAssignIntervalMinutes).NotNull()
            .Must(m => m is null || SystemSettings.AutoAssignIntervals.Contains(m.Value))
            .WithMessage($"Must be one of {string.Join(", ", SystemSettings.AutoAssignIntervals)} (minutes that divide an hour).");
        RuleFor(c => c.InactivityWarnMinutes).NotNull().InclusiveBetween(0, InactivityRule.MaxWarnMinutes);
        RuleFor(c => c.InactivityCloseMinutes).NotNull().InclusiveBetween(0, InactivityRule.MaxCloseMinutes);
        RuleFor(c => c.InactivityWarnMinutes)
            .Must((c, warn) => InactivityRule.IsValid(warn!.Value, c.InactivityCloseMinutes!.Value))
            .When(c => c.InactivityWarnMinutes is > 0 && c.InactivityCloseMinutes is > 0)
            .WithMessage("The warning must come before the close: inactivityWarnMinutes less than inactivityCloseMinutes.");
    }
}
