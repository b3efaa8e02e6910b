using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.Login;

/// <summary>Signs in with e-mail and password. The password never leaves this message: not logged, not audited.</summary>
[PublicAccess]
public sealed record LoginCommand(string Email, string Password) : ICommand<Result<AccessTokenDto>>
{
    /// <summary>Keeps the password out of any accidental ToString (exception messages, debugger, logs).</summary>
    public override string ToString() => $"{nameof(LoginCommand)} {{ Email = {Email} }}";
}
