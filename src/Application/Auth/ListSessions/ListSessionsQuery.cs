using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.ListSessions;

/// <summary>The caller's own active sessions (one per access token), newest first.</summary>
[RequireRole]
[AllowWhilePasswordChangeRequired]
public sealed record ListSessionsQuery : IQuery<Result<IReadOnlyList<SessionDto>>>;

/// <summary>A session as its owner sees it. <c>Current</c> marks the one used for this request.</summary>
public sealed record SessionDto(string Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? IpAddress, string? UserAgent, bool Current);
