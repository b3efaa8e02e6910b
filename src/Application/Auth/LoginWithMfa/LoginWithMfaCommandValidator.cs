using FluentValidation;

namespace WhatsSuite.Application.Auth.LoginWithMfa;

internal sealed class LoginWithMfaCommandValidator : AbstractValidator<LoginWithMfaCommand>
{
    public LoginWithMfaCommandValidator()
    {
        RuleFor(c => c.ChallengeToken).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Code).Matches("^[0-9]{6}$").WithMessage("The code has 6 digits.").When(c => c.Code is not null);
        RuleFor(c => c.RecoveryCode).MaximumLength(32);
        RuleFor(c => c).Must(c => (c.Code is null) != (c.RecoveryCode is null))
            .WithName("code").WithMessage("Give either code or recoveryCode.");
    }
}
