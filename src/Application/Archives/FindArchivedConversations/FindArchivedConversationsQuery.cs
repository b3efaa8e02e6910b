using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Archives.FindArchivedConversations;

/// <summary>
/// Conversations with archived messages (ADR 0033), found by the contact's phone number or id and by the time of
/// their archived messages (those between <see cref="From"/> and <see cref="To"/>), latest archived message first.
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record FindArchivedConversationsQuery(string? Phone, Guid? ContactId, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = PageDefaults.PageSize)
    : IQuery<Result<PagedList<ArchivedConversationDto>>>;

/// <summary>A conversation whose messages archives hold: its contact, how many messages over which time, in how many archives.</summary>
public sealed record ArchivedConversationDto(
    Guid ConversationId,
    Guid ContactId,
    string? ContactPhone,
    string? ContactName,
    int ArchivedMessages,
    DateTimeOffset FirstSentAt,
    DateTimeOffset LastSentAt,
    int Archives);
