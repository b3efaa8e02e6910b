using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using WhatsSuite.Application.Common.Logging;

namespace WhatsSuite.Api.Logging;

/// <summary>
/// Human-readable console lines for a developer (<c>LOG_FORMAT=text</c>, the default in Development): local time,
/// a short level, the category's last part, the message and the request id. Only the message text is written,
/// never the structured properties, so nothing the JSON format redacts appears here either. The one line an
/// operator must not miss, the generated first-admin password (event 3000), is framed so that it stands out.
/// </summary>
internal sealed class TextLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "whatssuite-text";

    /// <summary>The event of <c>DatabaseInitializer</c> that prints the generated first-admin password.</summary>
    public const int GeneratedAdminPasswordEventId = LogEvents.FirstAdminGeneratedPassword;

    private const string GeneratedPasswordCategory = "WhatsSuite.Infrastructure.Persistence.DatabaseInitializer";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        if (logEntry.EventId.Id == GeneratedAdminPasswordEventId && logEntry.Category == GeneratedPasswordCategory)
        {
            var rule = new string('=', 100);
            textWriter.Write($"{Environment.NewLine}{rule}{Environment.NewLine}  FIRST ADMIN  {message}{Environment.NewLine}{rule}{Environment.NewLine}{Environment.NewLine}");
            return;
        }

        var requestId = new string?[1];
        scopeProvider?.ForEachScope(
            static (scope, found) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> properties)
                {
                    foreach (var (key, value) in properties)
                    {
                        if (key.Equals("requestId", StringComparison.OrdinalIgnoreCase) && value is not null)
                        {
                            found[0] = Convert.ToString(value, CultureInfo.InvariantCulture);
                        }
                    }
                }
            },
            requestId);

        var category = logEntry.Category[(logEntry.Category.LastIndexOf('.') + 1)..];
        var line = $"{DateTimeOffset.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {Level(logEntry.LogLevel)} {category}: {message}";
        textWriter.Write(line);
        if (!string.IsNullOrEmpty(requestId[0]))
        {
            textWriter.Write($" [{requestId[0]}]");
        }

        textWriter.Write(Environment.NewLine);
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(exception.ToString());
            textWriter.Write(Environment.NewLine);
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "FAIL",
        LogLevel.Critical => "CRIT",
        _ => "    ",
    };
}
