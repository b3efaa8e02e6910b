using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Secrets.RotateDataEncryptionKey;

namespace WhatsSuite.Infrastructure.Security;

/// <summary>
/// The <c>rotate-data-key</c> start-up command: re-encrypts every encrypted column under the current
/// <c>DATA_ENCRYPTION_KEY</c> as the system actor (audited), then the process exits.
/// </summary>
public static partial class DataKeyRotation
{
    public const string CommandName = "rotate-data-key";

    public static async Task<int> RotateDataEncryptionKeyAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        provider.GetRequiredService<ActorContext>().Set(Actor.System(CommandName));
        var result = await provider.GetRequiredService<IMediator>().Send(new RotateDataEncryptionKeyCommand(), cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Rotating the data encryption key failed: {result.Error.Code}.");
        }

        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataKeyRotation).FullName!);
        LogRotated(logger, result.Value);
        return result.Value;
    }

    [LoggerMessage(EventId = LogEvents.DataKeyRotated, Level = LogLevel.Information, Message = "Re-encrypted {Count} values under the current data encryption key")]
    private static partial void LogRotated(ILogger logger, int count);
}
