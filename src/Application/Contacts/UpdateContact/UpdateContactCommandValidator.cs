using FluentValidation;

namespace WhatsSuite.Application.Contacts.UpdateContact;

internal sealed class UpdateContactCommandValidator : AbstractValidator<UpdateContactCommand>
{
    public UpdateContactCommandValidator()
    {
        RuleFor(c => c.DisplayName).ValidContactName();
        RuleFor(c => c.Tags).ValidTags();
    }
}
