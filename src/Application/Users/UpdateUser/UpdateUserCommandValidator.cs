using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Users.UpdateUser;

internal sealed class UpdateUserCommandValidator : AbstractValidator<UpdateUserCommand>
{
    public UpdateUserCommandValidator()
    {
        RuleFor(c => c.Id).NotEmpty();
        RuleFor(c => c.FullName).ValidPersonName();
        RuleFor(c => c.Role).NotNull().Must(r => r is null || Enum.IsDefined(r.Value)).WithMessage("'Role' has an unknown value.");
        RuleFor(c => c.IsActive).NotNull();
    }
}
