using WhatsSuite.Application.Conversations;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.Contacts;

/// <summary>
/// The text a contact is found by in the contacts list's search (<c>GET /contacts?q=</c>, ADR 0060): its display name,
/// profile name, username and user id, each normalized as the conversation search normalizes
/// (<see cref="ConversationSearchText.Normalize"/>: accents folded, lower case), one per line. "maria", "MARIA" and
/// "María" find "María Peña"; a line break, which no normalized term holds, keeps a term from matching across two of
/// them. Stored with the contact (<see cref="Property"/>) by the persistence layer whenever one of them changes, and
/// written for contacts stored before it existed when the application starts.
/// </summary>
public static class ContactSearchText
{
    /// <summary>The contact's shadow property (column <c>search_text</c>) that holds the text.</summary>
    public const string Property = "SearchText";

    private const char Separator = '\n';

    /// <summary>The searchable text of <paramref name="contact"/> as it is now.</summary>
    public static string Of(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return Of(contact.DisplayName, contact.ProfileName, contact.Username, contact.UserId);
    }

    /// <summary>The searchable text of a contact with these names and user id; empty when it has none.</summary>
    public static string Of(string? displayName, string? profileName, string? username, string? userId) =>
        string.Join(Separator, new[] { displayName, profileName, username, userId }.Select(ConversationSearchText.Normalize).Where(p => p.Length > 0));
}
