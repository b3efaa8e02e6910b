using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Application.Conversations;

/// <summary>
/// The filters of a filtered conversation export, as asked: the contact's phone number, a queue, a status, and a range
/// of local days in a time zone (the dashboards' rule). The same for an export answered in the request and for one
/// written to a file by a job (ADR 0039, 0042).
/// </summary>
internal sealed record ConversationSetFilter(string? Phone, Guid? QueueId, string? Status, DateOnly? From, DateOnly? To, string? TimeZone)
{
    /// <summary>The first instant of <see cref="From"/> in the zone; null when unbounded.</summary>
    public DateTimeOffset? Start => From is { } from ? DashboardPeriod.StartOfDay(from, DashboardPeriod.FindZone(TimeZone)!) : null;

    /// <summary>The first instant after <see cref="To"/> in the zone; null when unbounded.</summary>
    public DateTimeOffset? End => To is { } to ? DashboardPeriod.StartOfDay(to.AddDays(1), DashboardPeriod.FindZone(TimeZone)!) : null;
}

/// <summary>
/// Reads a filtered set of conversations for an export (<see cref="ConversationExportWriter"/>): which conversations match
/// (<see cref="Matching"/>, on top of a visibility predicate) and the conversations in id order, 100 per query, each with
/// its messages in the date range read page by page (<see cref="ReadAsync"/>). Only conversations with messages in the
/// range match when a range is given, and only those messages are exported.
/// </summary>
internal static class ConversationSetExport
{
    /// <summary>Conversations read per query while the export is written.</summary>
    private const int ConversationPage = 100;

    /// <summary>The conversations of <paramref name="visible"/> that match <paramref name="filter"/>.</summary>
    public static IQueryable<Conversation> Matching(IApplicationDbContext db, IQueryable<Conversation> visible, ConversationSetFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var conversations = visible;
        if (filter.Phone is not null && PhoneNumber.TryNormalize(filter.Phone, out var digits))
        {
            conversations = conversations.Where(c => db.Contacts.Any(k => k.Id == c.ContactId && k.WaId == digits));
        }

        if (filter.QueueId is { } queueId)
        {
            conversations = conversations.Where(c => c.QueueId == queueId);
        }

        if (filter.Status is not null)
        {
            var status = Enum.Parse<ConversationStatus>(filter.Status);
            conversations = conversations.Where(c => c.Status == status);
        }

        var start = filter.Start;
        var end = filter.End;
        if (start is { } after && end is { } before)
        {
            conversations = conversations.Where(c => db.Messages.Any(m => m.ConversationId == c.Id && m.SentAt >= after && m.SentAt < before));
        }
        else if (start is { } onlyAfter)
        {
            conversations = conversations.Where(c => db.Messages.Any(m => m.ConversationId == c.Id && m.SentAt >= onlyAfter));
        }
        else if (end is { } onlyBefore)
        {
            conversations = conversations.Where(c => db.Messages.Any(m => m.ConversationId == c.Id && m.SentAt < onlyBefore));
        }

        return conversations;
    }

    /// <summary>The conversations in id order, <see cref="ConversationPage"/> at a time, each with its messages in the filter's range.</summary>
    public static async IAsyncEnumerable<ExportedConversation> ReadAsync(
        IApplicationDbContext db,
        IQueryable<Conversation> conversations,
        ConversationSetFilter filter,
        DateTimeOffset now,
        TimeSpan serviceWindow,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var start = filter.Start;
        var end = filter.End;
        Guid? after = null;
        while (true)
        {
            var page = after is { } last ? conversations.Where(c => c.Id.CompareTo(last) > 0) : conversations;
            var ids = await page.OrderBy(c => c.Id).Select(c => c.Id).Take(ConversationPage).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                yield break;
            }

            var read = await ConversationReader.ReadManyAsync(db, db.Conversations.Where(c => ids.Contains(c.Id)), ids.Count, now, serviceWindow, "conversations.export", cancellationToken);
            foreach (var conversation in read.OrderBy(c => ids.IndexOf(c.Id)))
            {
                yield return new ExportedConversation(conversation, ConversationExportReader.ReadMessagesAsync(db, conversation.Id, start, end, cancellationToken));
            }

            if (ids.Count < ConversationPage)
            {
                yield break;
            }

            after = ids[^1];
        }
    }
}
