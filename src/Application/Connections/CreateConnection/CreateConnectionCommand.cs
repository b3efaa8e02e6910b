using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Connections.CreateConnection;

/// <summary>
/// Creates a connection. The access token and app secret are stored encrypted and never returned; a
/// sandbox connection may omit them (and the phone number id), and they are generated. The webhook verify
/// token is always generated. The send rate limit defaults to 80 messages per second. A number of a Meta app
/// (<see cref="MetaAppId"/>) that already has connections shares their app secret: it may omit it, and a
/// different one is refused (409). ADMIN only: a new connection means new credentials (see
/// <see cref="ConnectionCredentialAccess"/>).
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record CreateConnectionCommand(
    string Name,
    ConnectionProvider? Provider,
    string? PhoneNumberId,
    string? WabaId,
    string DisplayNumber,
    string? AccessToken,
    string? AppSecret,
    int? SendRateLimitPerSecond,
    string? MetaAppId = null) : ICommand<Result<ConnectionDto>>
{
    /// <summary>Leaves the secrets out of any log line.</summary>
    public override string ToString() => $"{nameof(CreateConnectionCommand)} {{ Name = {Name}, Provider = {Provider} }}";
}
