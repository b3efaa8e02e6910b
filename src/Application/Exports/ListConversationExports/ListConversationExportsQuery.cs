using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Exports.ListConversationExports;

/// <summary>The caller's background conversation exports (ADMIN: everyone's), newest first (ADR 0042).</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ListConversationExportsQuery(int Page = 1, int PageSize = PageDefaults.PageSize) : IQuery<Result<PagedList<ConversationExportFileDto>>>;
