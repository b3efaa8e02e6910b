using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Archives;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.AuditLogs.VerifyAuditChain;

/// <summary>
/// Walks the audit hash chain in sequence order, from the archived anchor if any (ADR 0033), and reports the first row
/// that does not check out. Used by the ADMIN's <see cref="VerifyAuditChainQuery"/> and by the <c>verify-audit-chain</c>
/// command-line verb that <c>scripts/restore.sh</c> runs. Reads the chain in batches of <see cref="BatchSize"/> rows
/// (keyset on the sequence), never all at once.
/// </summary>
public static class AuditChainVerifier
{
    public const int BatchSize = 1000;

    public const string ContentChanged = "content_changed";
    public const string LinkBroken = "link_broken";
    public const string RowMissing = "row_missing";

    public static async Task<AuditChainVerificationDto> VerifyAsync(IApplicationDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
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
