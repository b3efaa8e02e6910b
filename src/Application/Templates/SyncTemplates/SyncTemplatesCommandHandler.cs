using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Templates.SyncTemplates;

internal sealed class SyncTemplatesCommandHandler(TemplateSynchronizer synchronizer) : ICommandHandler<SyncTemplatesCommand, Result<TemplateSyncDto>>
{
    public async ValueTask<Result<TemplateSyncDto>> Handle(SyncTemplatesCommand command, CancellationToken cancellationToken) =>
        await synchronizer.SyncAsync(command.ConnectionId, cancellationToken);
}
