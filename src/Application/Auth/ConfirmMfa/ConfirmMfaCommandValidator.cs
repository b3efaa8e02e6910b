using FluentValidation;

namespace WhatsSuite.Application.Auth.ConfirmMfa;

internal sealed class ConfirmMfaCommandValidator : AbstractValidator<ConfirmMfaCommand>
{
    public ConfirmMfaCommandValidator()
    {
        RuleFor(c => c.Code).NotEmpty().Matches("^[0-9]{6}$").WithMessage("The code has 6 digits.");
    }
}
