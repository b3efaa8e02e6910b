using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Webhooks.ListWebhookInbox;

/// <summary>
/// Stored webhook deliveries, newest first, optionally of one status (<c>pending</c>, <c>processed</c> or
/// <c>failed</c>) and only those split off from delivery <see cref="ParentId"/>.
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record ListWebhookInboxQuery(string? Status, int Page = 1, int PageSize = PageDefaults.PageSize, Guid? ParentId = null) : IQuery<Result<PagedList<WebhookInboxEntryDto>>>;
