using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Connections.DeleteConnection;

/// <summary>
/// Deletes a connection: it disappears from the API and its queue links go; the row is kept so that its
/// conversations keep their reference. Its name and phone number id become free again. ADMIN only: it
/// discards the connection's credentials (see <see cref="ConnectionCredentialAccess"/>).
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record DeleteConnectionCommand(Guid Id) : ICommand<Result<Unit>>, IAuditTarget
{
    public string AuditTargetType => ConnectionErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
