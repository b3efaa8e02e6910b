using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Connections.EnsureSandboxConnection;

/// <summary>
/// Start-up default of embedded mode with the sandbox enabled: when no connection has ever existed
/// (deleted ones count, so a default an administrator deleted stays deleted), creates the sandbox
/// connection "Sandbox" with generated credentials and links it to the queue "General" (created when
/// missing), so that a fresh installation can be tried at once.
/// </summary>
[SystemOnly]
public sealed record EnsureSandboxConnectionCommand : ICommand<Result<EnsureSandboxConnectionResult>>
{
    public const string ConnectionName = "Sandbox";
    public const string DisplayNumber = "15550100001";
    public const string QueueName = "General";
}

public sealed record EnsureSandboxConnectionResult(bool Created, Guid? ConnectionId);
