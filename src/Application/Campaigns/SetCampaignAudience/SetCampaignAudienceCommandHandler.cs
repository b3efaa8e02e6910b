using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Campaigns.SetCampaignAudience;

internal sealed class SetCampaignAudienceCommandHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<SetCampaignAudienceCommand, Result<CampaignAudienceDto>>
{
    /// <summary>How many skipped entries and rendered recipients the answer shows (the ledger holds them all).</summary>
    public const int MaxIssues = 100;
    public const int MaxPreview = 5;

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

        var connectionIds = campaign.Connections.Select(c => c.ConnectionId).ToList();
        var marketing = await db.MessageTemplates.AnyAsync(
            t => connectionIds.Contains(t.ConnectionId) && t.Name == campaign.TemplateName && t.Language == campaign.TemplateLanguage && t.Category == MessageTemplateCategory.Marketing,
            cancellationToken);

        var ledger = new Ledger(campaign.Id, marketing, now);
        if (command.Numbers is { Count: > 0 } numbers)
        {
            var normalized = numbers.Select(n => PhoneNumber.TryNormalize(n, out var digits) ? digits : null).ToList();
            var wanted = normalized.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var known = await Contacts(db.Contacts.AsNoTracking().Where(c => c.WaId != null && wanted.Contains(c.WaId)))
                .ToDictionaryAsync(c => c.WaId, StringComparer.Ordinal, cancellationToken);
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
            foreach (var contact in await Contacts(Filter(filter, marketing).OrderBy(c => c.WaId)).ToListAsync(cancellationToken))
            {
                // A contact also listed by number is already in the ledger: one row per number, nothing to report.
                ledger.Add(contact.WaId, contact.WaId, null, contact, reportDuplicate: false);
            }
        }

        await db.CampaignRecipients.Where(r => r.CampaignId == campaign.Id).ExecuteDeleteAsync(cancellationToken);
        db.CampaignRecipients.AddRange(ledger.Rows);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CampaignErrors.Changed;
        }

        var skipped = ledger.Rows.Where(r => r.Status == CampaignRecipientStatus.Skipped).ToList();
        return new CampaignAudienceDto(
            campaign.Id,
            ledger.Rows.Count - skipped.Count,
            skipped.Count,
            CampaignSkipReasons.All.ToDictionary(r => r, r => skipped.Count(s => s.SkipReason == r), StringComparer.Ordinal),
            skipped.Take(MaxIssues).Select(s => new CampaignAudienceIssueDto(s.Line, s.Input, s.SkipReason!)).ToList(),
            ledger.Rows.Where(r => r.Status == CampaignRecipientStatus.Pending).Take(MaxPreview).Select(r => CampaignRecipientPreviewDto.From(r, mapping)).ToList());
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

    private static IQueryable<AudienceContact> Contacts(IQueryable<Contact> contacts) =>
        contacts.Select(c => new AudienceContact(c.Id, c.WaId!, c.DisplayName ?? c.ProfileName ?? c.Username, c.OptedOut, c.MarketingOptedOut));

    private sealed record AudienceContact(Guid Id, string WaId, string? Name, bool OptedOut, bool MarketingOptedOut);

    /// <summary>The ledger being built: one row per number, later entries of a number reported as duplicates.</summary>
    private sealed class Ledger(Guid campaignId, bool marketing, DateTimeOffset now)
    {
        private readonly HashSet<string> _phones = new(StringComparer.Ordinal);

        public List<CampaignRecipient> Rows { get; } = [];

        public void Skip(string input, int? line, string reason) =>
            Rows.Add(CampaignRecipient.Skipped(campaignId, null, input, line, null, reason, now));

        public void Add(string phone, string input, int? line, AudienceContact? contact, bool reportDuplicate)
        {
            if (!_phones.Add(phone))
            {
                if (reportDuplicate)
                {
                    Skip(input, line, CampaignSkipReasons.Duplicate);
                }

                return;
            }

            var reason = contact switch
            {
                { OptedOut: true } => CampaignSkipReasons.OptedOut,
                { MarketingOptedOut: true } when marketing => CampaignSkipReasons.MarketingOptedOut,
                _ => null,
            };
            Rows.Add(reason is null
                ? CampaignRecipient.Pending(campaignId, phone, input, line, contact?.Id, JsonSerializer.Serialize(CampaignVariables.ContactFields(phone, contact?.Name)), now)
                : CampaignRecipient.Skipped(campaignId, phone, input, line, contact?.Id, reason, now));
        }
    }
}
