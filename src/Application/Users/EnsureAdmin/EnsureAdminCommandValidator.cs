using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Users.EnsureAdmin;

internal sealed class EnsureAdminCommandValidator : AbstractValidator<EnsureAdminCommand>
{
    public EnsureAdminCommandValidator()
    {
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.FullName).ValidPersonName();
        RuleFor(c => c.Password!).ValidNewPassword().When(c => c.Password is not null);
    }
}
