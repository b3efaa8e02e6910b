using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Templates.ListTemplateSyncConnections;
using WhatsSuite.Application.Templates.SyncConnectionTemplates;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Recurring job (hourly): reads every active connection's message templates from WhatsApp, one
/// <see cref="SyncConnectionTemplatesCommand"/> per connection in a scope of its own, as <c>job:sync-message-templates</c>.
/// A connection that fails (no WABA id, token refused, WhatsApp unreachable) is logged and the others still sync;
/// status webhooks keep templates current between runs.
/// </summary>
public sealed partial class SyncMessageTemplatesJob(IServiceScopeFactory scopes, ILogger<SyncMessageTemplatesJob> logger)
{
    /// <summary>The recurring job's id on the dashboard, and its system actor (<c>job:sync-message-templates</c>).</summary>
    public const string Name = "sync-message-templates";

    public const string DisplayName = "Sync message templates";

    [JobDisplayName(DisplayName)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> connections;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            var listed = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ListTemplateSyncConnectionsQuery(), cancellationToken);
            connections = listed.IsSuccess ? listed.Value : throw new InvalidOperationException($"Listing the connections failed: {listed.Error.Code}.");
        }

        foreach (var connectionId in connections)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System(Name));
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SyncConnectionTemplatesCommand(connectionId), cancellationToken);
            if (result.IsSuccess)
            {
                LogSynced(logger, connectionId, result.Value.Listed, result.Value.Added, result.Value.Updated, result.Value.Deleted);
            }
            else
            {
                LogFailed(logger, connectionId, result.Error.Code);
            }
        }
    }

    [LoggerMessage(EventId = LogEvents.TemplatesSynced, Level = LogLevel.Information, Message = "Templates of connection {ConnectionId} synced: {Listed} listed, {Added} added, {Updated} updated, {Deleted} deleted")]
    private static partial void LogSynced(ILogger logger, Guid connectionId, int listed, int added, int updated, int deleted);

    [LoggerMessage(EventId = LogEvents.TemplateSyncFailed, Level = LogLevel.Warning, Message = "Templates of connection {ConnectionId} could not be synced: {ErrorCode}")]
    private static partial void LogFailed(ILogger logger, Guid connectionId, string errorCode);
}
