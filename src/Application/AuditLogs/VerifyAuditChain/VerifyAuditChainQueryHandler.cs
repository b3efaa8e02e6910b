using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.AuditLogs.VerifyAuditChain;

/// <summary>An ADMIN's check of the chain: the walk is <see cref="AuditChainVerifier"/>'s.</summary>
internal sealed class VerifyAuditChainQueryHandler(IApplicationDbContext db) : IQueryHandler<VerifyAuditChainQuery, Result<AuditChainVerificationDto>>
{
    public async ValueTask<Result<AuditChainVerificationDto>> Handle(VerifyAuditChainQuery query, CancellationToken cancellationToken) =>
        await AuditChainVerifier.VerifyAsync(db, cancellationToken);
}
