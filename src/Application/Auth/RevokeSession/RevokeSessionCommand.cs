using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.RevokeSession;

/// <summary>Ends one of the caller's own sessions (for example a forgotten browser). Another user's session is 404.</summary>
[RequireRole]
[AllowWhilePasswordChangeRequired]
public sealed record RevokeSessionCommand(string SessionId) : ICommand<Result<Unit>>, IAuditTarget
{
    public string AuditTargetType => "session";

    public string? AuditTargetId => SessionId;
}
