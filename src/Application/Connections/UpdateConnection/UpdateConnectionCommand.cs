using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Connections.UpdateConnection;

/// <summary>
/// Replaces a connection's name, phone number id, WABA id, display number, send rate limit, whether it is
/// enabled and its Meta app (all required except the WABA id and the Meta app). A new <paramref name="AccessToken"/>
/// or <paramref name="AppSecret"/> replaces the stored one (a new token clears <c>invalid_credentials</c>); when
/// omitted the stored one is kept. A new app secret of a number of a Meta app is the app's: every connection of
/// the app gets it. Joining a Meta app whose connections have another app secret is refused (409) unless the
/// new secret is given. The provider cannot change. The credentials (phone number id, WABA id, Meta app,
/// access token, app secret) are an ADMIN's: a SUPERVISOR sends the current values and no secrets, or gets
/// 403 <c>connections.credentials_admin_only</c>.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record UpdateConnectionCommand(
    Guid Id,
    string Name,
    string PhoneNumberId,
    string? WabaId,
    string DisplayNumber,
    int? SendRateLimitPerSecond,
    bool? Enabled,
    string? AccessToken,
    string? AppSecret,
    string? MetaAppId = null) : ICommand<Result<ConnectionDto>>, IAuditTarget
{
    public string AuditTargetType => ConnectionErrors.TargetType;

    public string? AuditTargetId => Id.ToString();

    /// <summary>Leaves the secrets out of any log line.</summary>
    public override string ToString() => $"{nameof(UpdateConnectionCommand)} {{ Id = {Id} }}";
}
