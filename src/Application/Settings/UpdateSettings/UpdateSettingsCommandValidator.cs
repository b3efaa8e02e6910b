using FluentValidation;
using WhatsSuite.Domain.Settings;

namespace WhatsSuite.Application.Settings.UpdateSettings;

internal sealed class UpdateSettingsCommandValidator : AbstractValidator<UpdateSettingsCommand>
{
    public UpdateSettingsCommandValidator() =>
        RuleFor(c => c.AutoAssignIntervalMinutes).NotNull()
            .Must(m => m is null || SystemSettings.AutoAssignIntervals.Contains(m.Value))
            .WithMessage($"Must be one of {string.Join(", ", SystemSettings.AutoAssignIntervals)} (minutes that divide an hour).");
}
