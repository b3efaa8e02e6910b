using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Connections;

/// <summary>Field rules shared by the connection commands and queries.</summary>
internal static class ConnectionRules
{
    public const int MaxAccessTokenLength = 4096;
    public const int MaxAppSecretLength = 256;

    public static IRuleBuilderOptions<T, string> ValidConnectionName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .Must(v => v is null || v.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.")
            .MaximumTextLength(Connection.MaxNameLength)
            .Must(CommonRules.NoControlCharacters).WithMessage("'{PropertyName}' must not contain control characters.")
            .Must(CommonRules.NoMarkup).WithMessage("'{PropertyName}' must not contain '<' or '>'.")
            .Must(HiddenCharacters.AreAbsent).WithMessage(CommonRules.HiddenCharactersMessage);

    /// <summary>Meta's ids (phone number id, WABA id): letters, digits, '-' and '_' (they go into URL paths).</summary>
    public static IRuleBuilderOptions<T, string?> ValidIdentifier<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Connection.MaxIdentifierLength)
            .Must(v => v is null || v.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            .WithMessage("'{PropertyName}' may contain only letters, digits, '-' and '_'.");

    /// <summary>Meta's app id: digits (it goes into the app-level webhook path).</summary>
    public static IRuleBuilderOptions<T, string?> ValidMetaAppId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || v.Trim().Length is > 0 and <= Connection.MaxMetaAppIdLength)
            .WithMessage($"'{{PropertyName}}' must have 1 to {Connection.MaxMetaAppIdLength} digits.")
            .Must(v => v is null || v.Trim().All(char.IsAsciiDigit))
            .WithMessage("'{PropertyName}' may contain only digits (the app id of Meta's app dashboard).");

    public static IRuleBuilderOptions<T, string?> ValidSecret<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength)
            .Must(v => v is null || v.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.")
            .Must(v => v is null || !v.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            .WithMessage("'{PropertyName}' must not contain spaces or control characters.");

    public static IRuleBuilderOptions<T, int?> ValidSendRateLimit<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, Connection.MaxSendRateLimitPerSecond);

    public static IRuleBuilderOptions<T, ConnectionProvider?> KnownProvider<T>(this IRuleBuilder<T, ConnectionProvider?> rule) =>
        rule.Must(p => p is null || Enum.IsDefined(p.Value)).WithMessage("'{PropertyName}' must be cloud_api or sandbox.");

    /// <summary>The wire names of the statuses, for query-string filters.</summary>
    public static bool TryParseStatus(string? value, out ConnectionStatus status)
    {
        (var known, status) = value switch
        {
            "active" => (true, ConnectionStatus.Active),
            "invalid_credentials" => (true, ConnectionStatus.InvalidCredentials),
            "disabled" => (true, ConnectionStatus.Disabled),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The wire names of the providers, for query-string filters.</summary>
    public static bool TryParseProvider(string? value, out ConnectionProvider provider)
    {
        (var known, provider) = value switch
        {
            "cloud_api" => (true, ConnectionProvider.CloudApi),
            "sandbox" => (true, ConnectionProvider.Sandbox),
            _ => (false, default),
        };
        return known;
    }
}
