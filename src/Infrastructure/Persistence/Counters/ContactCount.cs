using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Contacts;

namespace WhatsSuite.Infrastructure.Persistence.Counters;

/// <summary>
/// How many contacts have one pair of opt-out flags. Written only by the database's triggers on <c>contacts</c>
/// (migration <c>ContactCounts</c>): in PostgreSQL when the changing transaction commits, in SQLite in its statement.
/// </summary>
public sealed class ContactCount
{
    private ContactCount()
    {
    }

    public bool OptedOut { get; private set; }

    public bool MarketingOptedOut { get; private set; }

    public long Count { get; private set; }
}

/// <summary>Reads the trigger-kept contact counters (at most four rows).</summary>
internal sealed class ContactCounters(AppDbContext db) : IContactCounters
{
    public async Task<int> CountAsync(bool? optedOut, bool? marketingOptedOut, CancellationToken cancellationToken)
    {
        var counts = db.Set<ContactCount>().AsNoTracking().TagWith("contacts.list");
        if (optedOut is { } opted)
        {
            counts = counts.Where(c => c.OptedOut == opted);
        }

        if (marketingOptedOut is { } marketing)
        {
            counts = counts.Where(c => c.MarketingOptedOut == marketing);
        }

        return checked((int)await counts.SumAsync(c => c.Count, cancellationToken));
    }
}
