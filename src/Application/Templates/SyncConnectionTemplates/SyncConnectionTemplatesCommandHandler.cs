using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Templates.SyncConnectionTemplates;

internal sealed class SyncConnectionTemplatesCommandHandler(TemplateSynchronizer synchronizer) : ICommandHandler<SyncConnectionTemplatesCommand, Result<TemplateSyncDto>>
{
    public async ValueTask<Result<TemplateSyncDto>> Handle(SyncConnectionTemplatesCommand command, CancellationToken cancellationToken) =>
        await synchronizer.SyncAsync(command.ConnectionId, cancellationToken);
}
