using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Archives.ListArchives;

/// <summary>The archives of months past retention (ADR 0033), newest month first, optionally of one history table.</summary>
[RequireRole(Role.ADMIN)]
public sealed record ListArchivesQuery(string? Table, int Page = 1, int PageSize = PageDefaults.PageSize) : IQuery<Result<PagedList<HistoryArchiveDto>>>;

/// <summary>One archive: the table and month it holds, its rows, its file's SHA-256 and size, and when it was last restored.</summary>
public sealed record HistoryArchiveDto(
    Guid Id,
    string Table,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    long Rows,
    string Sha256,
    long Bytes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RestoredAt);
