using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Auth.DisableMfa;

internal sealed class DisableMfaCommandValidator : AbstractValidator<DisableMfaCommand>
{
    public DisableMfaCommandValidator()
    {
        RuleFor(c => c.Password).NotEmpty().MaximumLength(CommonRules.MaxPasswordLength);
        RuleFor(c => c.Code).Matches("^[0-9]{6}$").WithMessage("The code has 6 digits.").When(c => c.Code is not null);
        RuleFor(c => c.RecoveryCode).MaximumLength(32);
        RuleFor(c => c).Must(c => (c.Code is null) != (c.RecoveryCode is null))
            .WithName("code").WithMessage("Give either code or recoveryCode.");
    }
}
