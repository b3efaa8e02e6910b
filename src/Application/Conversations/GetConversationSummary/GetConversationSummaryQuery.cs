using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.GetConversationSummary;

/// <summary>How many conversations the caller sees in each status.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record GetConversationSummaryQuery : IQuery<Result<ConversationSummaryDto>>;

/// <summary>Counts per status, within the caller's visibility.</summary>
public sealed record ConversationSummaryDto(int Unassigned, int Open, int Closed);
