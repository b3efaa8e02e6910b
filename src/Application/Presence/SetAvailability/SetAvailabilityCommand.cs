using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Presence.SetAvailability;

/// <summary>
/// The signed-in user says whether they take new conversations: <c>available</c> or <c>away</c>. Auto-assignment
/// hands conversations only to available agents (and, unless <c>AUTO_ASSIGN_REQUIRE_PRESENCE</c> is false, only
/// while they are online). Audited as a change of the user; supervisors hear about it (<c>presence.changed</c>).
/// Setting the value the user already has changes nothing.
/// </summary>
[RequireRole]
public sealed record SetAvailabilityCommand(Domain.Users.Availability? Availability) : ICommand<Result<MyPresenceDto>>;
