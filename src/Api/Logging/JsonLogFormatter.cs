using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.Logging;

/// <summary>
/// One JSON object per line on stdout: time, level, category, event, message, service, instance, the
/// message's structured properties and the active scopes (request id). Properties whose names suggest a
/// secret (password, token, authorization, cookie, secret) are written as <c>[redacted]</c>.
/// </summary>
internal sealed class JsonLogFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "whatssuite-json";

    private static readonly string[] SensitiveNameParts = ["password", "token", "authorization", "cookie", "secret"];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IDisposable? _optionsReload;
    private JsonLogFormatterOptions _options;

    public JsonLogFormatter(IOptionsMonitor<JsonLogFormatterOptions> options)
        : base(FormatterName)
    {
        _options = options.CurrentValue;
        _optionsReload = options.OnChange(o => _options = o);
    }

    public void Dispose() => _optionsReload?.Dispose();

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("level", logEntry.LogLevel.ToString());
            writer.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0)
            {
                writer.WriteNumber("eventId", logEntry.EventId.Id);
            }

            writer.WriteString("service", _options.Service);
            writer.WriteString("instance", _options.Instance);
            writer.WriteString("message", message);
            if (logEntry.Exception is { } exception)
            {
                writer.WriteString("exception", exception.ToString());
            }

            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                WriteProperties(writer, properties);
            }

            scopeProvider?.ForEachScope(
                static (scope, w) =>
                {
                    if (scope is IReadOnlyList<KeyValuePair<string, object?>> scopeProperties)
                    {
                        WriteProperties(w, scopeProperties);
                    }
                },
                writer);
            writer.WriteEndObject();
        }

        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }

    private static void WriteProperties(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, object?>> properties)
    {
        foreach (var (key, value) in properties)
        {
            if (key == "{OriginalFormat}" || key.Length == 0)
            {
                continue;
            }

            var name = char.ToLowerInvariant(key[0]) + key[1..];
            if (IsSensitive(name))
            {
                writer.WriteString(name, "[redacted]");
                continue;
            }

            switch (value)
            {
                case null:
                    writer.WriteNull(name);
                    break;
                case int or long or double or float or decimal or short:
                    writer.WriteNumber(name, Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case bool b:
                    writer.WriteBoolean(name, b);
                    break;
                default:
                    writer.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static bool IsSensitive(string name) =>
        SensitiveNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));
}

internal sealed class JsonLogFormatterOptions : ConsoleFormatterOptions
{
    public string Service { get; set; } = "whatssuite-api";

    public string Instance { get; set; } = string.Empty;
}

internal static class LoggingSetup
{
    /// <summary>
    /// Console logs at <c>LOG_LEVEL</c> (trace, debug, info, warn, error, fatal, silent) in <c>LOG_FORMAT</c>:
    /// <c>json</c> (one object per line, the default) or <c>text</c> (readable lines, the default in Development).
    /// </summary>
    public static void AddWhatsSuiteLogging(this WebApplicationBuilder builder, string service, string instance)
    {
        var config = new ConfigReader(builder.Configuration);
        var formatter = FormatterFor(config.Raw("LOG_FORMAT"), builder.Environment);
        var level = (config.Raw("LOG_LEVEL") ?? "info").Trim().ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "FATAL" or "CRITICAL" => LogLevel.Critical,
            "SILENT" or "NONE" => LogLevel.None,
            var other => throw new InvalidOperationException($"LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent; got '{other}'."),
        };

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = formatter);
        builder.Logging.AddConsoleFormatter<JsonLogFormatter, JsonLogFormatterOptions>(o =>
        {
            o.Service = service;
            o.Instance = instance;
        });
        builder.Logging.AddConsoleFormatter<TextLogFormatter, ConsoleFormatterOptions>();
        builder.Logging.SetMinimumLevel(level);
        // Framework request logs carry full URLs and headers; WhatsSuite writes its own request line instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore", level > LogLevel.Warning ? level : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", level > LogLevel.Warning ? level : LogLevel.Warning);
        builder.Logging.AddFilter("Hangfire", level > LogLevel.Information ? level : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", level);
    }

    /// <summary>The console formatter for <c>LOG_FORMAT</c>; unset or blank: text in Development, JSON elsewhere.</summary>
    public static string FormatterFor(string? logFormat, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return (logFormat?.Trim().ToUpperInvariant() ?? string.Empty) switch
        {
            "" => environment.IsDevelopment() ? TextLogFormatter.FormatterName : JsonLogFormatter.FormatterName,
            "JSON" => JsonLogFormatter.FormatterName,
            "TEXT" => TextLogFormatter.FormatterName,
            _ => throw new InvalidOperationException($"LOG_FORMAT must be json or text; got '{logFormat}'."),
        };
    }
}
