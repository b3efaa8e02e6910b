using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Auth.Login;

internal sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public LoginCommandValidator()
    {
        RuleFor(c => c.Email).NotEmpty().MaximumLength(User.MaxEmailLength)
            .Must(CommonRules.NoControlCharacters).WithMessage("'Email' must not contain control characters.");
        RuleFor(c => c.Password).NotEmpty().MaximumLength(CommonRules.MaxPasswordLength);
    }
}
