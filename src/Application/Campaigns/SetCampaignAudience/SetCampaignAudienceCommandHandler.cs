using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.Campaigns.SetCampaignAudience;

internal sealed class SetCampaignAudienceCommandHandler(IApplicationDbContext db, IBulkInserter bulk, TimeProvider clock)
    : ICommandHandler<SetCampaignAudienceCommand, Result<CampaignAudienceDto>>
{
    public async ValueTask<Result<CampaignAudienceDto>> Handle(SetCampaignAudienceCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.Include(c => c.Connections).SingleOrDefaultAsync(c => c.Id == command.CampaignId, cancellationToken);
        if (campaign is null)
        {
            return CampaignErrors.NotFound(command.CampaignId);
        }

        var now = clock.GetUtcNow();
        if (!campaign.ReplaceAudience(now))
        {
            return CampaignErrors.NotDraft;
        }

        var mapping = CampaignVariables.Mapping(campaign.Variables);
        var columns = CampaignVariables.Columns(mapping);
        if (columns.Count > 0)
        {
            return CampaignErrors.AudienceNeedsColumns(columns);
        }

        var marketing = await CampaignAudienceLedger.IsMarketingAsync(db, campaign, cancellationToken);
        var ledger = new CampaignAudienceLedger(campaign.Id, marketing, mapping, now);
        if (command.Numbers is { Count: > 0 } numbers)
        {
            var normalized = numbers.Select(n => PhoneNumber.TryNormalize(n, out var digits) ? digits : null).ToList();
            var known = await CampaignAudienceLedger.KnownAsync(db, normalized.OfType<string>().ToList(), cancellationToken);
            for (var i = 0; i < numbers.Count; i++)
            {
                var input = numbers[i].Trim();
                if (normalized[i] is not { } phone)
                {
                    ledger.Skip(input, i + 1, CampaignSkipReasons.InvalidNumber);
                }
                else
                {
                    ledger.Add(phone, input, i + 1, known.GetValueOrDefault(phone), reportDuplicate: true);
                }
            }
        }

        if (command.Contacts is { } filter)
        {
            foreach (var contact in await CampaignAudienceLedger.Project(Filter(filter, marketing).OrderBy(c => c.WaId)).ToListAsync(cancellationToken))
            {
                // A contact also listed by number is already in the ledger: one row per number, nothing to report.
                ledger.Add(contact.WaId, contact.WaId, null, contact, reportDuplicate: false);
            }
        }

        await db.CampaignRecipients.Where(r => r.CampaignId == campaign.Id).ExecuteDeleteAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CampaignErrors.Changed;
        }

        await bulk.InsertAsync(ledger.Drain(), cancellationToken);

        return new CampaignAudienceDto(campaign.Id, ledger.Recipients, ledger.Skipped, ledger.SkippedByReason, ledger.Issues, ledger.Preview);
    }

    private IQueryable<Contact> Filter(CampaignContactFilterInput filter, bool marketing)
    {
        var contacts = db.Contacts.AsNoTracking().Where(c => c.WaId != null);
        if (filter.Tags is { Count: > 0 } tags)
        {
            var wanted = tags.Select(t => t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
            contacts = contacts.Where(c => c.Tags.Any(t => wanted.Contains(t)));
        }

        if (filter.OptedInOnly == true)
        {
            contacts = contacts.Where(c => !c.OptedOut && !(marketing && c.MarketingOptedOut));
        }

        if (filter.LastSeenAfter is { } after)
        {
            contacts = contacts.Where(c => db.Conversations.Any(v => v.ContactId == c.Id && v.LastInboundAt >= after));
        }

        if (filter.LastSeenBefore is { } before)
        {
            contacts = contacts.Where(c => db.Conversations.Any(v => v.ContactId == c.Id && v.LastInboundAt != null)
                && !db.Conversations.Any(v => v.ContactId == c.Id && v.LastInboundAt >= before));
        }

        return contacts;
    }
}
