using System.Text;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// The search document of one conversation: <see cref="ContactText"/> (the contact's names, number, username and
/// user id) and <see cref="MessageText"/> (the text of its messages, newest last: at least the latest
/// <see cref="KeptMessageTextLength"/> characters, at most <see cref="MaxMessageTextLength"/>), both
/// <see cref="ConversationSearchText"/>-normalized.
/// </summary>
public sealed class ConversationSearchDocument
{
    /// <summary>
    /// How much message text a document always keeps (the latest). Text is appended until the document holds
    /// <see cref="MaxMessageTextLength"/> characters, and then cut back to this: in PostgreSQL an append only adds
    /// the new text's words to the document's, and the whole text is read again only at a cut, once every
    /// <see cref="KeptMessageTextLength"/> characters or so (docs/decisions/0068-search-words-appended.md).
    /// </summary>
    public const int KeptMessageTextLength = 8000;

    /// <summary>The most message text a document holds: twice <see cref="KeptMessageTextLength"/>.</summary>
    public const int MaxMessageTextLength = 2 * KeptMessageTextLength;

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

    /// <summary>
    /// Appends a message's text after a space. Beyond <see cref="MaxMessageTextLength"/> characters the oldest text is
    /// dropped down to the latest <see cref="KeptMessageTextLength"/>, from the first word that starts within them.
    /// </summary>
    public void AppendMessage(string? text) => AppendMessages([text]);

    /// <summary>
    /// Appends several messages' texts, oldest first, as <see cref="AppendMessage"/> one after the other would, with
    /// one copy of the document's text rather than one per message.
    /// </summary>
    public void AppendMessages(IEnumerable<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        StringBuilder? combined = null;
        foreach (var normalized in Pieces(texts))
        {
            combined ??= new StringBuilder(MessageText, MaxMessageTextLength + 1);
            if (combined.Length > 0)
            {
                combined.Append(' ');
            }

            combined.Append(normalized);
            if (combined.Length > MaxMessageTextLength)
            {
                var start = combined.Length - KeptMessageTextLength;
                var space = IndexOfSpace(combined, start);
                combined.Remove(0, space >= 0 && space < combined.Length - 1 ? space + 1 : start);
            }
        }

        if (combined is not null)
        {
            MessageText = combined.ToString();
        }
    }

    /// <summary>
    /// What <see cref="AppendMessages"/> adds for these texts when no cut is due: their normalized forms joined by
    /// spaces, written after a space (or alone into an empty text). Empty when none of them has searchable text. A
    /// document can take it as it is, without reading its text, when the result stays within
    /// <see cref="MaxMessageTextLength"/> (<see cref="ConversationSearchIndexer"/> in PostgreSQL).
    /// </summary>
    public static string Appended(IEnumerable<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return string.Join(' ', Pieces(texts));
    }

    private static IEnumerable<string> Pieces(IEnumerable<string?> texts) =>
        texts.Select(ConversationSearchText.Normalize).Where(normalized => normalized.Length > 0);

    private static int IndexOfSpace(StringBuilder text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == ' ')
            {
                return i;
            }
        }

        return -1;
    }
}
