using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.Campaigns.ImportCampaignAudience;

/// <summary>
/// Reads an audience file into a draft's recipient ledger (or only counts it, for a preview): the header resolved into
/// the phone column and the variable columns, then the rows in batches of <see cref="BatchSize"/>: each batch's
/// numbers normalised to E.164, its known contacts looked up in one query (opted-out ones are skipped), its rows added
/// to the ledger as the other audience sources add theirs and, when storing, written in one go (<see cref="IBulkInserter"/>:
/// a binary COPY on PostgreSQL), untracked, so a million rows neither pile up in the context nor cost an INSERT each.
/// </summary>
internal sealed class AudienceFileImporter(IApplicationDbContext db, IBulkInserter bulk, IAudienceFileReader reader, TimeProvider clock)
{
    /// <summary>The most data rows one file may hold.</summary>
    public const int MaxRows = 1_000_000;

    /// <summary>Rows normalised, looked up and written together.</summary>
    public const int BatchSize = 2_000;

    /// <summary>How many recipients a preview shows with their variables filled.</summary>
    public const int PreviewRows = 20;

    public const int MaxColumnNameLength = 100;

    public async Task<Result<CampaignAudienceFileDto>> RunAsync(Guid campaignId, Stream content, string? phoneColumn, bool store, CancellationToken cancellationToken)
    {
        var campaigns = db.Campaigns.Include(c => c.Connections);
        var campaign = await (store ? campaigns : campaigns.AsNoTracking()).SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
        {
            return CampaignErrors.NotFound(campaignId);
        }

        if (campaign.Status != CampaignStatus.Draft)
        {
            return CampaignErrors.NotDraft;
        }

        var opened = reader.Open(content);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        using var file = opened.Value;
        var resolved = AudienceFileColumns.Resolve(file.Columns, phoneColumn);
        if (!resolved.IsSuccess)
        {
            return resolved.Error;
        }

        var columns = resolved.Value;
        var mapping = CampaignVariables.Mapping(campaign.Variables);
        var missing = CampaignVariables.Columns(mapping).Where(c => !columns.Sources.Contains(CampaignVariables.Field(c), StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            return CampaignErrors.AudienceFileMissingColumns(missing);
        }

        var now = clock.GetUtcNow();
        if (store)
        {
            campaign.ReplaceAudience(now);
            await db.CampaignRecipients.Where(r => r.CampaignId == campaign.Id).ExecuteDeleteAsync(cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return CampaignErrors.Changed;
            }
        }

        var marketing = await CampaignAudienceLedger.IsMarketingAsync(db, campaign, cancellationToken);
        var ledger = new CampaignAudienceLedger(campaign.Id, marketing, mapping, now, store ? CampaignAudienceLedger.DefaultPreview : PreviewRows);
        var batch = new List<Row>(BatchSize);
        var rows = 0;
        while (file.Read())
        {
            var row = Read(file, columns);
            if (row is null)
            {
                continue;
            }

            if (++rows > MaxRows)
            {
                return CampaignErrors.AudienceFileTooManyRows(MaxRows);
            }

            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                await AddAsync(ledger, batch, store, cancellationToken);
            }
        }

        if (file.Failure is { } failure)
        {
            return failure;
        }

        await AddAsync(ledger, batch, store, cancellationToken);
        var phoneName = file.Columns[columns.Phone].Trim();
        return new CampaignAudienceFileDto(
            campaign.Id,
            store,
            file.Format,
            phoneName,
            columns.Fields.Select(f => f.Field[CampaignRules.ColumnPrefix.Length..]).ToList(),
            rows,
            ledger.Recipients,
            ledger.Skipped,
            ledger.SkippedByReason,
            ledger.Issues,
            ledger.Preview);
    }

    /// <summary>The current row; null for a blank one (every cell empty), which is not an entry.</summary>
    private static Row? Read(IAudienceFile file, AudienceFileColumns columns)
    {
        var input = file.Cell(columns.Phone);
        var values = new List<KeyValuePair<string, string>>(columns.Fields.Count);
        foreach (var (index, field) in columns.Fields)
        {
            var value = file.Cell(index);
            if (value.Length > 0)
            {
                values.Add(new(field, value));
            }
        }

        if (input.Length == 0 && values.Count == 0)
        {
            return null;
        }

        return new Row(file.Line, input, PhoneNumber.TryNormalize(input, out var phone) ? phone : null, values);
    }

    private async Task AddAsync(CampaignAudienceLedger ledger, List<Row> batch, bool store, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var known = await CampaignAudienceLedger.KnownAsync(db, batch.Select(r => r.Phone).OfType<string>().ToList(), cancellationToken);
        foreach (var row in batch)
        {
            if (row.Phone is null)
            {
                ledger.Skip(row.Input, row.Line, CampaignSkipReasons.InvalidNumber);
            }
            else
            {
                ledger.Add(row.Phone, row.Input, row.Line, known.GetValueOrDefault(row.Phone), reportDuplicate: true, row.Columns);
            }
        }

        batch.Clear();
        var rows = ledger.Drain();
        if (store)
        {
            await bulk.InsertAsync(rows, cancellationToken);
        }
    }

    private sealed record Row(int Line, string Input, string? Phone, IReadOnlyList<KeyValuePair<string, string>> Columns);
}
