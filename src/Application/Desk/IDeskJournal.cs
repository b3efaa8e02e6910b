namespace WhatsSuite.Application.Desk;

/// <summary>
/// The recent desk events, shared by every instance (a Redis stream in server mode, process memory in embedded mode),
/// so a reconnecting client can get what it missed (<see cref="DeskReplay"/>). Each event takes the next number of one
/// global counter, its cursor: cursors are consecutive, so a read that does not start right after the client's cursor
/// shows that events it missed are no longer kept. Bounded by count and age (ADR 0035).
/// </summary>
public interface IDeskJournal
{
    /// <summary>Keeps <paramref name="entries"/> and returns the cursor of the first one (the others take the next ones, in order).</summary>
    Task<long> AppendAsync(IReadOnlyList<DeskJournalEntry> entries, CancellationToken cancellationToken);

    /// <summary>The cursor of the latest event (the position of a client that has seen everything).</summary>
    Task<long> HeadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The kept events after <paramref name="cursor"/>, oldest first; <see cref="DeskJournalRead.Complete"/> is false
    /// when some of the events right after it are no longer kept (too many since, or older than the replay window).
    /// </summary>
    Task<DeskJournalRead> ReadAfterAsync(long cursor, CancellationToken cancellationToken);
}

/// <summary>
/// One sent event as kept: who it was sent to (<paramref name="Users"/>, every connected user when null) and, for a
/// contact's event, the contact (its visibility is checked again at replay through the contact's conversations).
/// </summary>
public sealed record DeskJournalEntry(IReadOnlyList<Guid>? Users, Guid? ContactId, DeskEnvelope Envelope);

/// <summary>A kept event with its cursor.</summary>
public sealed record DeskJournalItem(long Cursor, DeskJournalEntry Entry);

/// <summary>The events after a cursor, and whether they are all of them.</summary>
public sealed record DeskJournalRead(bool Complete, IReadOnlyList<DeskJournalItem> Items);
