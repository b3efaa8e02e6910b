using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Users.CreateUser;

internal sealed class CreateUserCommandValidator : AbstractValidator<CreateUserCommand>
{
    public CreateUserCommandValidator()
    {
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.FullName).ValidPersonName();
        RuleFor(c => c.Role).KnownValue();
        RuleFor(c => c.Password).ValidNewPassword()
            .Must((c, password) => !string.Equals(password?.Trim(), c.Email?.Trim(), StringComparison.OrdinalIgnoreCase))
            .WithMessage("The password must not be the e-mail address.");
    }
}
