using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.ListConversations;

/// <summary>
/// The conversations the caller sees (<see cref="ConversationAccess"/>), newest first, one keyset page at a
/// time. Filters: status (UNASSIGNED, OPEN, CLOSED), queue, assignee, connection, how the customer arrived (the
/// referral's source type, <c>ad</c> or <c>post</c>, and source id: the ad), and a search over the contact's number,
/// name, username and business-scoped user id (any part) and the words of the conversation's latest messages (whole
/// words and, for the term's last word, word prefixes; <see cref="IConversationSearch"/>): case and accents do not matter, a term has at least
/// <see cref="ConversationSearchText.MinTermLength"/> letters or digits, and a search that cannot be answered within
/// <see cref="SearchBudget.Time"/> is refused (<c>conversations.search_too_broad</c>).
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record ListConversationsQuery(
    string? Status,
    Guid? QueueId,
    Guid? AssigneeId,
    Guid? ConnectionId,
    string? Search,
    string? Cursor,
    int Limit = ListConversationsQuery.DefaultLimit,
    string? ReferralSourceType = null,
    string? ReferralSourceId = null) : IQuery<Result<ConversationPage>>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
}

/// <summary>One page of conversations; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record ConversationPage(IReadOnlyList<ConversationDto> Items, string? NextCursor);
