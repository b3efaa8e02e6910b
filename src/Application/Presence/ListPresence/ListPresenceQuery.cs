using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Presence.ListPresence;

/// <summary>
/// Who is online now (at least one desk connection open, on any instance), active users only, by name, with their
/// availability and number of connections. For supervisors and admins; <c>presence.changed</c> events keep it current.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
[RequireScope(Scopes.UsersRead)]
public sealed record ListPresenceQuery : IQuery<Result<IReadOnlyList<PresenceDto>>>;
