using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Presence;

/// <summary>An online user: who they are, whether they take new conversations, and how many desk connections they hold.</summary>
public sealed record PresenceDto(Guid UserId, string FullName, Role Role, Availability Availability, int Connections);

/// <summary>The caller's own presence after setting their availability.</summary>
public sealed record MyPresenceDto(Guid UserId, Availability Availability, bool Online);
