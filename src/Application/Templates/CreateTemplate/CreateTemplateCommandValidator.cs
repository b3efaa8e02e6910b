using System.Text.RegularExpressions;
using FluentValidation;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Templates.CreateTemplate;

internal sealed partial class CreateTemplateCommandValidator : AbstractValidator<CreateTemplateCommand>
{
    public CreateTemplateCommandValidator()
    {
        RuleFor(c => c.ConnectionId).NotEmpty();
        RuleFor(c => c.Name)
            .NotEmpty()
            .MaximumLength(MessageTemplate.MaxNameLength)
            .Must(n => n is null || TemplateName().IsMatch(n)).WithMessage("'{PropertyName}' must use lower-case letters, digits and underscores.");
        RuleFor(c => c.Language)
            .NotEmpty()
            .Must(l => l is null || LanguageCode().IsMatch(l)).WithMessage("'{PropertyName}' must be a language code such as es, en_US or pt_BR.");
        RuleFor(c => c.Category)
            .NotEmpty()
            .Must(c => c is null || MessageTemplateCategory.All.Contains(c)).WithMessage("'{PropertyName}' must be MARKETING, UTILITY or AUTHENTICATION.");
        RuleFor(c => c.Components).Custom((components, context) =>
        {
            foreach (var (field, message) in TemplateDefinition.Validate(components))
            {
                context.AddFailure(field, message);
            }
        });
    }

    [GeneratedRegex("^[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();
}
