using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Auth.ChangePassword;

internal sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(CommonRules.MaxPasswordLength);
        RuleFor(c => c.NewPassword).ValidNewPassword()
            .NotEqual(c => c.CurrentPassword, StringComparer.Ordinal).WithMessage("The new password must differ from the current one.");
    }
}
