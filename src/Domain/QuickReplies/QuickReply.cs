namespace WhatsSuite.Domain.QuickReplies;

/// <summary>
/// A prepared answer an agent inserts by its shortcut (typing <c>/saludo</c>): a team reply belongs to a queue and is
/// offered to its members, a personal one to its owner only. Its text may hold variables
/// (<see cref="QuickReplyTemplate.Variables"/>), filled in when it is sent.
/// </summary>
public sealed class QuickReply
{
    public const int MaxShortcutLength = 32;
    public const int MaxTitleLength = 80;
    public const int MaxTextLength = 4096;

    private QuickReply()
    {
        Shortcut = string.Empty;
        Title = string.Empty;
        Text = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Lower-case letters, digits, <c>_</c> and <c>-</c>; unique within its queue or its owner's replies.</summary>
    public string Shortcut { get; private set; }

    public string Title { get; private set; }

    public string Text { get; private set; }

    /// <summary>The team the reply belongs to; null for a personal reply.</summary>
    public Guid? QueueId { get; private set; }

    /// <summary>The owner of a personal reply; null for a team reply.</summary>
    public Guid? OwnerId { get; private set; }

    public Guid CreatedById { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsPersonal => OwnerId is not null;

    /// <summary>A team reply (<paramref name="queueId"/>) or a personal one (<paramref name="ownerId"/>): exactly one of them.</summary>
    public static QuickReply Create(string shortcut, string title, string text, Guid? queueId, Guid? ownerId, Guid createdById, DateTimeOffset now)
    {
        if ((queueId is null) == (ownerId is null))
        {
            throw new ArgumentException("A quick reply belongs to a queue or to its owner, not both and not neither.");
        }

        var reply = new QuickReply { Id = Guid.CreateVersion7(now), QueueId = queueId, OwnerId = ownerId, CreatedById = createdById, CreatedAt = now };
        reply.Update(shortcut, title, text, now);
        return reply;
    }

    public static string NormalizeShortcut(string shortcut)
    {
        ArgumentNullException.ThrowIfNull(shortcut);
        return shortcut.Trim().TrimStart('/').ToLowerInvariant();
    }

    public void Update(string shortcut, string title, string text, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shortcut);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Shortcut = NormalizeShortcut(shortcut);
        Title = title.Trim();
        Text = text.Trim();
        UpdatedAt = now;
    }
}
