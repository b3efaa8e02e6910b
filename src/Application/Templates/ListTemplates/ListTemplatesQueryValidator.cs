using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Templates.ListTemplates;

internal sealed class ListTemplatesQueryValidator : AbstractValidator<ListTemplatesQuery>
{
    public ListTemplatesQueryValidator()
    {
        RuleFor(q => q.Status).MaximumLength(MessageTemplate.MaxStatusLength).Must(CommonRules.NoControlCharacters)
            .WithMessage("'{PropertyName}' must not contain control characters.");
        RuleFor(q => q.Category)
            .Must(c => c is null || MessageTemplateCategory.All.Contains(c.ToUpperInvariant()))
            .WithMessage("'{PropertyName}' must be MARKETING, UTILITY or AUTHENTICATION.");
        RuleFor(q => q.Search).MaximumLength(MessageTemplate.MaxNameLength).Must(CommonRules.NoControlCharacters)
            .WithMessage("'{PropertyName}' must not contain control characters.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
