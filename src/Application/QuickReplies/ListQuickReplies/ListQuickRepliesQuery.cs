using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.QuickReplies.ListQuickReplies;

/// <summary>
/// The quick replies the caller may use, by shortcut: their personal ones and the team replies of their queues (ADMIN:
/// every team reply). <see cref="Search"/> matches the start of the shortcut (a leading '/' is ignored); <see cref="QueueId"/> keeps one queue's team replies.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record ListQuickRepliesQuery(string? Search, Guid? QueueId, int Page = 1, int PageSize = PageDefaults.PageSize) : IQuery<Result<PagedList<QuickReplyDto>>>;
