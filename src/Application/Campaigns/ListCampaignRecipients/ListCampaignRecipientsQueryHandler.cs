using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Campaigns;

namespace WhatsSuite.Application.Campaigns.ListCampaignRecipients;

internal sealed class ListCampaignRecipientsQueryHandler(IApplicationDbContext db)
    : IQueryHandler<ListCampaignRecipientsQuery, Result<CampaignRecipientPage>>
{
    public async ValueTask<Result<CampaignRecipientPage>> Handle(ListCampaignRecipientsQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Campaigns.AnyAsync(c => c.Id == query.CampaignId, cancellationToken))
        {
            return CampaignErrors.NotFound(query.CampaignId);
        }

        var rows = CampaignRecipientFilters.Apply(db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == query.CampaignId), query.Filter);
        if (query.Cursor is { } cursor)
        {
            var after = Guid.Parse(cursor);
            rows = rows.Where(r => r.Id.CompareTo(after) > 0);
        }

        // Keyset paging on the id (a stable order), one row more to know whether a page follows.
        var page = await CampaignRecipientFilters.Project(rows.OrderBy(r => r.Id).TakeLiteral(query.Limit + 1)).ToListAsync(cancellationToken);
        var next = page.Count > query.Limit ? page[query.Limit - 1].Id.ToString() : null;
        return new CampaignRecipientPage(page.Take(query.Limit).ToList(), next);
    }
}

/// <summary>The ledger filters shared by the list and the export.</summary>
internal static class CampaignRecipientFilters
{
    public static bool TryStatus(string value, out CampaignRecipientStatus status)
    {
        foreach (var candidate in Enum.GetValues<CampaignRecipientStatus>())
        {
            if (JsonNamingPolicy.SnakeCaseLower.ConvertName(candidate.ToString()) == value)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static bool TryPrefix(string value, out string digits)
    {
        digits = value.StartsWith('+') ? value[1..] : value;
        return digits.Length is > 0 and <= Domain.Contacts.PhoneNumber.MaxDigits && digits.All(char.IsAsciiDigit);
    }

    public static IQueryable<CampaignRecipient> Apply(IQueryable<CampaignRecipient> rows, CampaignRecipientFilter filter)
    {
        if (filter.Status is { } value && TryStatus(value, out var status))
        {
            rows = rows.Where(r => r.Status == status);
        }

        if (filter.SkipReason is { } reason)
        {
            rows = rows.Where(r => r.SkipReason == reason);
        }

        if (filter.ErrorCode is { } code)
        {
            rows = rows.Where(r => r.ErrorCode == code);
        }

        if (filter.PhonePrefix is { } prefix && TryPrefix(prefix, out var digits))
        {
            rows = rows.Where(r => r.Phone != null && r.Phone.StartsWith(digits));
        }

        return rows;
    }

    public static IQueryable<CampaignRecipientDto> Project(IQueryable<CampaignRecipient> rows) =>
        rows.Select(r => new CampaignRecipientDto(r.Id, r.Phone, r.Input, r.Line, r.ContactId, r.Status, r.SkipReason, r.ErrorCode, r.ErrorTitle, r.SentAt, r.RepliedAt, r.UpdatedAt));
}
