using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Campaigns;

/// <summary>
/// A campaign's recipient ledger being built, entry by entry, by every audience source (contacts filter, explicit
/// numbers, uploaded file): one row per phone number, later entries of a number reported as duplicates, opted-out
/// contacts kept as skipped. It counts as it goes and keeps only the first skipped entries and recipients for the
/// answer, and the rows not yet written (<see cref="Drain"/>), so a file of a million rows is written in batches.
/// </summary>
internal sealed class CampaignAudienceLedger(Guid campaignId, bool marketing, IReadOnlyDictionary<string, string> mapping, DateTimeOffset now, int maxPreview = CampaignAudienceLedger.DefaultPreview)
{
    /// <summary>How many skipped entries and rendered recipients the answer shows (the ledger holds them all).</summary>
    public const int MaxIssues = 100;
    public const int DefaultPreview = 5;

    private readonly HashSet<string> _phones = new(StringComparer.Ordinal);
    private readonly List<CampaignRecipient> _unsaved = [];
    private readonly Dictionary<string, int> _skipped = CampaignSkipReasons.All.ToDictionary(r => r, _ => 0, StringComparer.Ordinal);
    private readonly List<CampaignAudienceIssueDto> _issues = [];
    private readonly List<CampaignRecipientPreviewDto> _preview = [];

    public int Recipients { get; private set; }

    public int Skipped => _skipped.Values.Sum();

    public IReadOnlyDictionary<string, int> SkippedByReason => _skipped;

    public IReadOnlyList<CampaignAudienceIssueDto> Issues => _issues;

    public IReadOnlyList<CampaignRecipientPreviewDto> Preview => _preview;

    /// <summary>Whether the template is a MARKETING one on any of the campaign's connections (contacts who stopped marketing messages are then skipped).</summary>
    public static Task<bool> IsMarketingAsync(IApplicationDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(campaign);
        var connectionIds = campaign.Connections.Select(c => c.ConnectionId).ToList();
        return db.MessageTemplates.AnyAsync(
            t => connectionIds.Contains(t.ConnectionId) && t.Name == campaign.TemplateName && t.Language == campaign.TemplateLanguage && t.Category == MessageTemplateCategory.Marketing,
            cancellationToken);
    }

    /// <summary>The contacts of <paramref name="contacts"/> as the ledger needs them.</summary>
    public static IQueryable<AudienceContact> Project(IQueryable<Contact> contacts) =>
        contacts.Select(c => new AudienceContact(c.Id, c.WaId!, c.DisplayName ?? c.ProfileName ?? c.Username, c.OptedOut, c.MarketingOptedOut));

    /// <summary>The known contacts among <paramref name="phones"/> (E.164 digits), by number.</summary>
    public static Task<Dictionary<string, AudienceContact>> KnownAsync(IApplicationDbContext db, IReadOnlyCollection<string> phones, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var wanted = phones.Distinct(StringComparer.Ordinal).ToList();
        return Project(db.Contacts.AsNoTracking().Where(c => c.WaId != null && wanted.Contains(c.WaId)))
            .ToDictionaryAsync(c => c.WaId, StringComparer.Ordinal, cancellationToken);
    }

    public void Skip(string input, int? line, string reason) =>
        Keep(CampaignRecipient.Skipped(campaignId, null, input, line, null, reason, now));

    /// <summary>
    /// Adds the entry <paramref name="input"/> for <paramref name="phone"/>; a number already in the ledger is reported
    /// as a duplicate when <paramref name="reportDuplicate"/>. <paramref name="columns"/> are the entry's values of a
    /// file's columns (<c>column:&lt;name&gt;</c> fields).
    /// </summary>
    public void Add(string phone, string input, int? line, AudienceContact? contact, bool reportDuplicate, IEnumerable<KeyValuePair<string, string>>? columns = null)
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
        if (reason is not null)
        {
            Keep(CampaignRecipient.Skipped(campaignId, phone, input, line, contact?.Id, reason, now));
            return;
        }

        var fields = CampaignVariables.ContactFields(phone, contact?.Name);
        foreach (var (field, value) in columns ?? [])
        {
            fields.TryAdd(field, value);
        }

        Keep(CampaignRecipient.Pending(campaignId, phone, input, line, contact?.Id, JsonSerializer.Serialize(fields), now));
    }

    /// <summary>The rows added since the last call, to be written.</summary>
    public IReadOnlyList<CampaignRecipient> Drain()
    {
        var rows = _unsaved.ToList();
        _unsaved.Clear();
        return rows;
    }

    private void Keep(CampaignRecipient row)
    {
        _unsaved.Add(row);
        if (row.Status == CampaignRecipientStatus.Skipped)
        {
            _skipped[row.SkipReason!]++;
            if (_issues.Count < MaxIssues)
            {
                _issues.Add(new CampaignAudienceIssueDto(row.Line, row.Input, row.SkipReason!));
            }
        }
        else
        {
            Recipients++;
            if (_preview.Count < maxPreview)
            {
                _preview.Add(CampaignRecipientPreviewDto.From(row, mapping));
            }
        }
    }
}

/// <summary>A known contact as the ledger needs it.</summary>
internal sealed record AudienceContact(Guid Id, string WaId, string? Name, bool OptedOut, bool MarketingOptedOut);
