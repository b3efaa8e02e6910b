using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Connections;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Templates.SyncTemplates;

/// <summary>
/// Reads the connection's templates from WhatsApp now (the recurring job does the same for every connection).
/// Runs without a surrounding transaction: the Graph calls happen before the one save.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
[WithoutTransaction]
public sealed record SyncTemplatesCommand(Guid ConnectionId) : ICommand<Result<TemplateSyncDto>>, IAuditTarget
{
    public string AuditTargetType => ConnectionErrors.TargetType;

    public string? AuditTargetId => ConnectionId.ToString();
}
