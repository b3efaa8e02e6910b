using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.AuditLogs.VerifyAuditChain;

/// <summary>Reads the chain in batches of <see cref="BatchSize"/> rows (keyset on the sequence), never all at once.</summary>
internal sealed class VerifyAuditChainQueryHandler(IApplicationDbContext db) : IQueryHandler<VerifyAuditChainQuery, Result<AuditChainVerificationDto>>
{
    public const int BatchSize = 1000;

    public const string ContentChanged = "content_changed";
    public const string LinkBroken = "link_broken";
    public const string RowMissing = "row_missing";

    public async ValueTask<Result<AuditChainVerificationDto>> Handle(VerifyAuditChainQuery query, CancellationToken cancellationToken)
    {
        // Rows moved to an archive (ADR 0033) left their anchor behind: the live chain continues from its last row.
        var anchor = await db.HistoryArchives.AsNoTracking()
            .Where(a => a.TableName == HistoryTables.AuditLogs && a.LastSequence != null)
            .OrderByDescending(a => a.LastSequence)
            .Select(a => new { a.LastSequence, a.LastHash })
            .FirstOrDefaultAsync(cancellationToken);
        long expected = (anchor?.LastSequence ?? 0) + 1;
        var previousHash = anchor?.LastHash ?? AuditChain.GenesisHash;
        long checkedRows = 0;
        while (true)
        {
            var after = expected - 1;
            var batch = await db.AuditLogs.AsNoTracking()
                .Where(a => a.Sequence > after)
                .OrderBy(a => a.Sequence)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return new AuditChainVerificationDto(true, checkedRows, null, null, null);
            }

            foreach (var row in batch)
            {
                var broken = row.Sequence != expected ? RowMissing
                    : AuditChain.ComputeHash(row) != row.Hash ? ContentChanged
                    : row.PreviousHash != previousHash ? LinkBroken
                    : null;
                if (broken is not null)
                {
                    return new AuditChainVerificationDto(false, checkedRows, expected, row.Id, broken);
                }

                checkedRows++;
                expected++;
                previousHash = row.Hash;
            }
        }
    }
}
