using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.Contacts;

/// <summary>How contact fields are judged: names without control characters, markup or invisible formatting; up to 20 short tags of letters, digits, spaces and <c>-_.:</c>.</summary>
public static class ContactRules
{
    public static IRuleBuilderOptions<T, string?> ValidContactName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumTextLength(Contact.MaxNameLength)
            .Must(CommonRules.NoControlCharacters).WithMessage("'{PropertyName}' must not contain control characters.")
            .Must(CommonRules.NoMarkup).WithMessage("'{PropertyName}' must not contain '<' or '>'.")
            .Must(HiddenCharacters.AreAbsent).WithMessage(CommonRules.HiddenCharactersMessage);

    /// <summary>A business-scoped user id as WhatsApp forms it (<c>US.13491208655302741918</c>).</summary>
    public static IRuleBuilderOptions<T, string?> ValidUserId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || BusinessScopedUserId.TryParse(v, out _))
            .WithMessage("'{PropertyName}' must be a business-scoped user id: a country code, a period and letters or digits, such as US.13491208655302741918.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> ValidTags<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(tags => tags is null || tags.Count <= Contact.MaxTags).WithMessage($"At most {Contact.MaxTags} tags.")
            .Must(tags => tags is null || tags.All(IsValidTag))
            .WithMessage($"Each tag must be 1 to {Contact.MaxTagLength} letters, digits, spaces or '-', '_', '.', ':'.");

    public static bool IsValidTag(string? tag)
    {
        if (tag is null)
        {
            return false;
        }

        var trimmed = tag.Trim();
        return trimmed.Length is > 0 and <= Contact.MaxTagLength
            && trimmed.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or ':');
    }
}
