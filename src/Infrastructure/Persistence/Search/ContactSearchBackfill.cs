using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Contacts;

namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// Writes the searchable text (<see cref="ContactSearchText"/>) of every contact that has none (those stored before it
/// existed, or by an instance of an earlier version during a rolling upgrade), in batches, with the same normalization
/// as the live path. Runs at every start, after the migrations when the instance applies them; a database where every
/// contact has it costs one probe of an empty partial index (<c>ix_contacts_search_text_pending</c>).
/// </summary>
internal static class ContactSearchBackfill
{
    private const int BatchSize = 500;

    public static async Task<int> RunAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var written = 0;
        var after = Guid.Empty;
        while (true)
        {
            // Past the last batch's ids: a contact this pass could not write is not read again, so the pass ends.
            var from = after;
            var batch = await db.Contacts.AsNoTracking()
                .Where(c => EF.Property<string?>(c, ContactSearchText.Property) == null && c.Id.CompareTo(from) > 0)
                .OrderBy(c => c.Id)
                .Take(BatchSize)
                .Select(c => new { c.Id, c.DisplayName, c.ProfileName, c.Username, c.UserId })
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return written;
            }

            // One statement per batch. Only a contact still without its text is written: one whose names another instance
            // changed meanwhile got its text from that save, which this statement then waits for and skips.
            var sql = new StringBuilder("UPDATE contacts SET search_text = CASE id");
            var parameters = new List<object>(batch.Count * 2);
            foreach (var contact in batch)
            {
                sql.Append(CultureInfo.InvariantCulture, $" WHEN {{{parameters.Count}}} THEN {{{parameters.Count + 1}}}");
                parameters.Add(contact.Id);
                parameters.Add(ContactSearchText.Of(contact.DisplayName, contact.ProfileName, contact.Username, contact.UserId));
            }

            sql.Append(" END WHERE search_text IS NULL AND id IN (")
                .AppendJoin(", ", Enumerable.Range(0, batch.Count).Select(i => $"{{{i * 2}}}"))
                .Append(')');
            written += await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
            after = batch[^1].Id;
        }
    }
}
