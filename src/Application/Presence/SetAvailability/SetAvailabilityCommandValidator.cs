using FluentValidation;

namespace WhatsSuite.Application.Presence.SetAvailability;

internal sealed class SetAvailabilityCommandValidator : AbstractValidator<SetAvailabilityCommand>
{
    public SetAvailabilityCommandValidator()
    {
        RuleFor(c => c.Availability).NotNull().IsInEnum().WithMessage("'{PropertyName}' must be available or away.");
    }
}
