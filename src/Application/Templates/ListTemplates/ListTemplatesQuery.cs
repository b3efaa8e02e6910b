using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Templates.ListTemplates;

/// <summary>
/// Templates by name then language. Agents see them too: they pick one to start a conversation. Filters: the
/// connection, Meta's status (<c>APPROVED</c>, ...), category, and a name fragment.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record ListTemplatesQuery(Guid? ConnectionId, string? Status, string? Category, string? Search, int Page = 1, int PageSize = PageDefaults.PageSize)
    : IQuery<Result<PagedList<TemplateDto>>>;
