using FluentValidation;
using WhatsSuite.Domain.Common;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Common.Validation;

/// <summary>Rules shared by several validators, so that the same field is judged the same way everywhere.</summary>
public static class CommonRules
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 128;

    public static IRuleBuilderOptions<T, string> ValidEmail<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .MaximumLength(User.MaxEmailLength)
            .EmailAddress()
            .Must(NoControlCharacters).WithMessage("'{PropertyName}' must not contain control characters.");

    public const string HiddenCharactersMessage =
        "'{PropertyName}' must not contain invisible formatting characters (bidirectional overrides, zero-width spaces, or zero-width joiners outside emoji and joining scripts).";

    public static IRuleBuilderOptions<T, string> ValidPersonName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .Must(v => v is null || v.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.")
            .MaximumTextLength(User.MaxFullNameLength)
            .Must(NoControlCharacters).WithMessage("'{PropertyName}' must not contain control characters.")
            .Must(NoMarkup).WithMessage("'{PropertyName}' must not contain '<' or '>'.")
            .Must(HiddenCharacters.AreAbsent).WithMessage(HiddenCharactersMessage);

    /// <summary>
    /// At most <paramref name="max"/> as <see cref="TextLimit"/> measures it (UTF-16 code units: most emoji count
    /// as two), the same measure that cuts stored text, so text that passes is never cut.
    /// </summary>
    public static IRuleBuilderOptions<T, TText> MaximumTextLength<T, TText>(this IRuleBuilder<T, TText> rule, int max)
        where TText : class? =>
        rule.Must(v => TextLimit.Fits(v as string, max))
            .WithMessage($"'{{PropertyName}}' must be at most {max} characters long (most emoji count as two).");

    public static IRuleBuilderOptions<T, string> ValidNewPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .MinimumLength(MinPasswordLength)
            .MaximumLength(MaxPasswordLength)
            .Must(p => !PasswordPolicy.IsWeak(p)).WithMessage("This password is too common or too easy to guess; choose another.");

    public static IRuleBuilderOptions<T, TEnum> KnownValue<T, TEnum>(this IRuleBuilder<T, TEnum> rule)
        where TEnum : struct, Enum =>
        rule.Must(v => Enum.IsDefined(v)).WithMessage("'{PropertyName}' has an unknown value.");

    /// <summary>A phone number that normalizes to E.164 digits (see <see cref="Domain.Contacts.PhoneNumber"/>).</summary>
    public static IRuleBuilderOptions<T, string> ValidPhoneNumber<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .Must(v => Domain.Contacts.PhoneNumber.TryNormalize(v, out _))
            .WithMessage("'{PropertyName}' must be a phone number in international form, such as +54 9 11 2345-6789.");

    public static bool NoControlCharacters(string? value) => value is null || !value.Any(char.IsControl);

    public static bool NoControlCharactersExceptNewlines(string? value) => value is null || !value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    public static bool NoMarkup(string? value) => value is null || value.IndexOfAny(['<', '>']) < 0;
}
