using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.Login;

/// <summary>
/// Signs in with e-mail and password. The password never leaves this message: not logged, not audited. As a
/// sign-in attempt it passes the sign-in throttle (per-e-mail budget and lockout) first.
/// </summary>
[PublicAccess]
public sealed record LoginCommand(string Email, string Password) : ICommand<Result<AccessTokenDto>>, ISignInAttempt
{
    string ISignInAttempt.SignInEmail => Email;

    /// <summary>Keeps the password out of any accidental ToString (exception messages, debugger, logs).</summary>
    public override string ToString() => $"{nameof(LoginCommand)} {{ Email = {Email} }}";
}
