using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.Logout;

/// <summary>Ends the caller's current session: the token used for this request stops working at once.</summary>
[RequireRole]
[AllowWhilePasswordChangeRequired]
[AllowWhileMfaEnrollmentRequired]
public sealed record LogoutCommand : ICommand<Result<Unit>>;
