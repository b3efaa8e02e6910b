using WhatsSuite.Domain.Common;

namespace WhatsSuite.Domain.Contacts;

/// <summary>
/// A customer, identified by their WhatsApp id (E.164 digits). Created or refreshed by inbound messages;
/// agents may set a display name and tags. An opted-out contact receives no business-initiated message.
/// </summary>
public sealed class Contact
{
    public const int MaxNameLength = 120;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;

    private Contact()
    {
        WaId = string.Empty;
        Tags = [];
    }

    public Guid Id { get; private set; }

    /// <summary>WhatsApp id: E.164 digits; unique.</summary>
    public string WaId { get; private set; }

    /// <summary>The name the customer set in WhatsApp (from the webhook's <c>contacts[].profile.name</c>).</summary>
    public string? ProfileName { get; private set; }

    /// <summary>The name the business gave the contact; shown instead of the profile name when set.</summary>
    public string? DisplayName { get; private set; }

    public List<string> Tags { get; private set; }

    public bool OptedOut { get; private set; }

    public DateTimeOffset? OptedOutAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string Name => DisplayName ?? ProfileName ?? WaId;

    public static Contact Create(string waId, string? profileName, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(waId);
        return new Contact
        {
            Id = Guid.CreateVersion7(now),
            WaId = waId,
            ProfileName = Clean(profileName),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Keeps the WhatsApp profile name current; true when it changed.</summary>
    public bool RefreshProfileName(string? profileName, DateTimeOffset now)
    {
        var cleaned = Clean(profileName);
        if (cleaned is null || cleaned == ProfileName)
        {
            return false;
        }

        ProfileName = cleaned;
        UpdatedAt = now;
        return true;
    }

    public void Rename(string? displayName, DateTimeOffset now)
    {
        DisplayName = Clean(displayName);
        UpdatedAt = now;
    }

    /// <summary>Replaces the tags: trimmed, lower-case, without duplicates, in the given order.</summary>
    public void ReplaceTags(IEnumerable<string> tags, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tags);
        Tags = tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        UpdatedAt = now;
    }

    /// <summary>Sets or clears the opt-out flag; true when it changed.</summary>
    public bool SetOptOut(bool optedOut, DateTimeOffset now)
    {
        if (OptedOut == optedOut)
        {
            return false;
        }

        OptedOut = optedOut;
        OptedOutAt = optedOut ? now : null;
        UpdatedAt = now;
        return true;
    }

    private static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        return TextLimit.Cut(name.Trim(), MaxNameLength).TrimEnd() is { Length: > 0 } cut ? cut : null;
    }
}
