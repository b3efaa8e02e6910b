using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users;

namespace WhatsSuite.Application.Auth.GetCurrentUser;

/// <summary>The signed-in user's own profile.</summary>
[RequireRole]
[AllowWhilePasswordChangeRequired]
[AllowWhileMfaEnrollmentRequired]
public sealed record GetCurrentUserQuery : IQuery<Result<UserDto>>;
