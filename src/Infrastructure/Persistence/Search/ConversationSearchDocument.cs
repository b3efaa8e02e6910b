using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// The search document of one conversation: <see cref="ContactText"/> (the contact's names, number, username and
/// user id) and <see cref="MessageText"/> (the text of its messages, newest last, the latest
/// <see cref="MaxMessageTextLength"/> characters), both <see cref="ConversationSearchText"/>-normalized.
/// </summary>
public sealed class ConversationSearchDocument
{
    /// <summary>How much message text a document keeps (the latest): bounds the work of indexing a message.</summary>
    public const int MaxMessageTextLength = 8000;

    public const int MaxContactTextLength = 1200;

    private ConversationSearchDocument()
    {
    }

    public ConversationSearchDocument(Guid conversationId)
    {
        ConversationId = conversationId;
    }

    public Guid ConversationId { get; private set; }

    public string ContactText { get; private set; } = string.Empty;

    public string MessageText { get; private set; } = string.Empty;

    /// <summary>Sets the contact part from the contact's current identifiers and names.</summary>
    public void SetContact(string? displayName, string? profileName, string? username, string? userId, string? waId)
    {
        var text = ConversationSearchText.Normalize(string.Join(' ', new[] { displayName, profileName, username, userId, waId }.Where(p => !string.IsNullOrWhiteSpace(p))));
        ContactText = text.Length > MaxContactTextLength ? text[..MaxContactTextLength] : text;
    }

    /// <summary>Appends a message's text, dropping the oldest text beyond <see cref="MaxMessageTextLength"/>.</summary>
    public void AppendMessage(string? text)
    {
        var normalized = ConversationSearchText.Normalize(text);
        if (normalized.Length == 0)
        {
            return;
        }

        var combined = MessageText.Length == 0 ? normalized : MessageText + " " + normalized;
        if (combined.Length > MaxMessageTextLength)
        {
            var start = combined.Length - MaxMessageTextLength;
            var space = combined.IndexOf(' ', start);
            combined = space >= 0 && space < combined.Length - 1 ? combined[(space + 1)..] : combined[start..];
        }

        MessageText = combined;
    }
}
