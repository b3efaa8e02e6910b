using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>
/// Refuses to start a Production instance with missing, weak or example secrets. Outside Production the
/// same findings are not fatal, so that a local try-out works without any configuration.
/// </summary>
public static class StartupSecretsValidator
{
    public const string ExampleJwtSecret = "change-me-to-a-random-secret-of-at-least-32-bytes";
    public const string ExampleAdminPassword = "change-me-please-now";
    public const int KeyBytes = 32;

    /// <summary>Every problem found, one message per problem, each naming its variable. Empty when all is well.</summary>
    public static IReadOnlyList<string> FindProblems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var config = new ConfigReader(configuration);
        var problems = new List<string>();

        var jwtSecret = config.Text("JWT_SECRET");
        if (jwtSecret is null)
        {
            problems.Add($"JWT_SECRET is required in Production (at least {JwtSettings.MinSecretBytes} random bytes).");
        }
        else if (Encoding.UTF8.GetByteCount(jwtSecret) < JwtSettings.MinSecretBytes)
        {
            problems.Add($"JWT_SECRET must be at least {JwtSettings.MinSecretBytes} bytes long.");
        }
        else if (jwtSecret == ExampleJwtSecret)
        {
            problems.Add("JWT_SECRET still has the example value from .env.example; set a random secret.");
        }

        var origins = config.Text("ALLOWED_ORIGINS");
        if (origins is not null && origins.Split(',', StringSplitOptions.TrimEntries).Contains("*"))
        {
            problems.Add("ALLOWED_ORIGINS must list the allowed origins; '*' is not allowed in Production.");
        }

        if (config.Text("ADMIN_PASSWORD") == ExampleAdminPassword)
        {
            problems.Add("ADMIN_PASSWORD still has the example value from .env.example; choose another one.");
        }

        if (config.Text("DATA_ENCRYPTION_KEY") is null)
        {
            problems.Add($"DATA_ENCRYPTION_KEY is required in Production ({KeyBytes} random bytes in base64, for example: openssl rand -base64 32).");
        }

        return problems;
    }

    /// <summary>Throws in Production when <see cref="FindProblems"/> finds anything; returns the findings otherwise.</summary>
    public static IReadOnlyList<string> EnsureSafe(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var problems = FindProblems(configuration);
        if (problems.Count > 0 && environment.IsProduction())
        {
            throw new InvalidOperationException("Unsafe configuration for Production: " + string.Join(" ", problems));
        }

        return problems;
    }

    /// <summary>True when the text is base64 for exactly <see cref="KeyBytes"/> bytes.</summary>
    public static bool IsBase64Key(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written == KeyBytes;
    }
}
