using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.AuditLogs.VerifyAuditChain;

/// <summary>Walks the audit hash chain in sequence order and reports the first row that does not check out.</summary>
[RequireRole(Role.ADMIN)]
public sealed record VerifyAuditChainQuery : IQuery<Result<AuditChainVerificationDto>>;

/// <summary>
/// The verdict. When <see cref="Intact"/> is false, <see cref="FirstBrokenSequence"/> is the first position that
/// fails, <see cref="FirstBrokenId"/> the row found there (for <c>row_missing</c>, the row found after the gap)
/// and <see cref="Reason"/> one of <c>content_changed</c>, <c>link_broken</c>, <c>row_missing</c>.
/// </summary>
public sealed record AuditChainVerificationDto(bool Intact, long RowsChecked, long? FirstBrokenSequence, Guid? FirstBrokenId, string? Reason);
