namespace WhatsSuite.Domain.Archives;

/// <summary>
/// One month of one history table moved out of the live database into a compressed, checksummed archive file
/// (ADR 0033): what it holds, where it is, and, for the audit trail, the chain's anchor (the last sequence and hash it
/// holds) from which the live rows continue.
/// </summary>
public sealed class HistoryArchive
{
    public const int MaxTableNameLength = 64;
    public const int MaxFileNameLength = 256;
    public const int Sha256HexLength = 64;

    private HistoryArchive()
    {
    }

    public Guid Id { get; private set; }

    public string TableName { get; private set; } = string.Empty;

    /// <summary>First instant of the month it holds (UTC).</summary>
    public DateTimeOffset PeriodStart { get; private set; }

    /// <summary>First instant after the month it holds (UTC).</summary>
    public DateTimeOffset PeriodEnd { get; private set; }

    public long Rows { get; private set; }

    /// <summary>The archive file's name in the archive store.</summary>
    public string FileName { get; private set; } = string.Empty;

    /// <summary>SHA-256 (lowercase hex) of the archive file as stored.</summary>
    public string Sha256 { get; private set; } = string.Empty;

    public long Bytes { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Audit trail archives: the first sequence they hold.</summary>
    public long? FirstSequence { get; private set; }

    /// <summary>Audit trail archives: the last sequence they hold, the anchor the live chain continues from.</summary>
    public long? LastSequence { get; private set; }

    /// <summary>Audit trail archives: the hash of the row at <see cref="LastSequence"/>.</summary>
    public string? LastHash { get; private set; }

    /// <summary>When the archive's rows were last put back into the live database; null when never.</summary>
    public DateTimeOffset? RestoredAt { get; private set; }

    /// <summary>Records that the archive's rows were put back into the live database.</summary>
    public void MarkRestored(DateTimeOffset now) => RestoredAt = now;

    public static HistoryArchive Record(
        Guid id,
        string tableName,
        DateTimeOffset periodStart,
        DateTimeOffset periodEnd,
        long rows,
        string fileName,
        string sha256,
        long bytes,
        DateTimeOffset now,
        (long First, long Last, string LastHash)? auditAnchor = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentOutOfRangeException.ThrowIfNotEqual(sha256.Length, Sha256HexLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 0);
        if (periodEnd <= periodStart)
        {
            throw new ArgumentException("An archive's period ends after it starts.", nameof(periodEnd));
        }

        return new HistoryArchive
        {
            Id = id,
            TableName = tableName,
            PeriodStart = periodStart,
            PeriodEnd = periodEnd,
            Rows = rows,
            FileName = fileName,
            Sha256 = sha256,
            Bytes = bytes,
            CreatedAt = now,
            FirstSequence = auditAnchor?.First,
            LastSequence = auditAnchor?.Last,
            LastHash = auditAnchor?.LastHash,
        };
    }
}

/// <summary>A conversation whose messages an archive holds: how many, and over which time.</summary>
public sealed class ArchivedConversation
{
    private ArchivedConversation()
    {
    }

    public Guid ArchiveId { get; private set; }

    public Guid ConversationId { get; private set; }

    public int Messages { get; private set; }

    public DateTimeOffset FirstSentAt { get; private set; }

    public DateTimeOffset LastSentAt { get; private set; }

    public static ArchivedConversation Record(Guid archiveId, Guid conversationId, int messages, DateTimeOffset firstSentAt, DateTimeOffset lastSentAt) =>
        new()
        {
            ArchiveId = archiveId,
            ConversationId = conversationId,
            Messages = messages,
            FirstSentAt = firstSentAt,
            LastSentAt = lastSentAt,
        };
}
