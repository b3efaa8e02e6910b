using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Conversations.StartConversation;

internal sealed partial class StartConversationCommandValidator : AbstractValidator<StartConversationCommand>
{
    public StartConversationCommandValidator()
    {
        RuleFor(c => c.ConnectionId).NotEmpty();
        RuleFor(c => c.Phone).ValidPhoneNumber();
        RuleFor(c => c.Template).NotNull();
        When(c => c.Template is not null, () =>
        {
            RuleFor(c => c.Template!.Name)
                .NotEmpty()
                .MaximumLength(StartConversationTemplate.MaxNameLength)
                .Must(n => n is null || TemplateName().IsMatch(n)).WithMessage("'{PropertyName}' must use lower-case letters, digits and underscores.")
                .OverridePropertyName("template.name");
            RuleFor(c => c.Template!.Language)
                .NotEmpty()
                .Must(l => l is null || LanguageCode().IsMatch(l)).WithMessage("'{PropertyName}' must be a language code such as es, en_US or pt_BR.")
                .OverridePropertyName("template.language");
            RuleFor(c => c.Template!.Components)
                .Must(BeAnArrayOfObjects).WithMessage("'{PropertyName}' must be an array of component objects of at most 16 KB.")
                .OverridePropertyName("template.components");
        });
    }

    private static bool BeAnArrayOfObjects(JsonElement? components)
    {
        if (components is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return true;
        }

        return value.ValueKind == JsonValueKind.Array
            && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object)
            && value.GetRawText().Length <= StartConversationTemplate.MaxComponentsLength;
    }

    [GeneratedRegex("^[a-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();
}
