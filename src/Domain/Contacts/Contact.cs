using WhatsSuite.Domain.Common;

namespace WhatsSuite.Domain.Contacts;

/// <summary>
/// A customer, known by their phone number (<see cref="WaId"/>, E.164 digits), their business-scoped user id
/// (<see cref="UserId"/>, when WhatsApp withholds the number of a user with a username), or both; each is unique.
/// Created or refreshed by inbound messages; identity changes (a new number, a new BSUID, two contacts found to
/// be one) are kept as <see cref="ContactIdentityEvent"/>s. Agents may set a display name and tags. An opted-out
/// contact receives no business-initiated message; a marketing opt-out (the user stopped marketing messages in
/// WhatsApp) keeps them out of campaigns only.
/// </summary>
public sealed class Contact
{
    public const int MaxNameLength = 120;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;

    private Contact()
    {
        Tags = [];
    }

    public Guid Id { get; private set; }

    /// <summary>WhatsApp id: the phone number as E.164 digits; unique; null while WhatsApp withholds it.</summary>
    public string? WaId { get; private set; }

    /// <summary>The business-scoped user id (BSUID, <c>user_id</c>); unique; null until WhatsApp sends one.</summary>
    public string? UserId { get; private set; }

    /// <summary>The parent BSUID shared by linked business portfolios, when WhatsApp sends one.</summary>
    public string? ParentUserId { get; private set; }

    /// <summary>The WhatsApp username (<c>profile.username</c>, at most <see cref="MaxNameLength"/> characters); it may change and identifies nobody.</summary>
    public string? Username { get; private set; }

    /// <summary>The name the customer set in WhatsApp (from the webhook's <c>contacts[].profile.name</c>).</summary>
    public string? ProfileName { get; private set; }

    /// <summary>The name the business gave the contact; shown instead of the profile name when set.</summary>
    public string? DisplayName { get; private set; }

    public List<string> Tags { get; private set; }

    public bool OptedOut { get; private set; }

    public DateTimeOffset? OptedOutAt { get; private set; }

    /// <summary>The user stopped marketing messages from this business in WhatsApp (<c>user_preferences</c>): no campaigns.</summary>
    public bool MarketingOptedOut { get; private set; }

    /// <summary>When WhatsApp reported the preference in force (stop or resume); older reports are ignored.</summary>
    public DateTimeOffset? MarketingPreferenceAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string Name => DisplayName ?? ProfileName ?? Username ?? WaId ?? UserId ?? string.Empty;

    /// <summary>A contact known by its phone number.</summary>
    public static Contact Create(string waId, string? profileName, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(waId);
        return Create(ContactIdentity.Phone(waId), profileName, now);
    }

    /// <summary>A contact known by its phone number, its BSUID or both.</summary>
    public static Contact Create(ContactIdentity identity, string? profileName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.IsEmpty)
        {
            throw new ArgumentException("A contact needs a phone number or a business-scoped user id.", nameof(identity));
        }

        var contact = new Contact
        {
            Id = Guid.CreateVersion7(now),
            ProfileName = Clean(profileName),
            CreatedAt = now,
            UpdatedAt = now,
        };
        contact.LearnIdentity(identity, now);
        return contact;
    }

    /// <summary>
    /// Fills in what the contact lacks from <paramref name="seen"/> (a phone number, a BSUID) and keeps the parent
    /// BSUID and the username current. Never replaces a different phone number or BSUID: that is a change
    /// (<see cref="ChangePhoneNumber"/>, <see cref="ChangeUserId"/>). True when anything changed.
    /// </summary>
    public bool LearnIdentity(ContactIdentity seen, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(seen);
        var changed = false;
        if (WaId is null && seen.WaId is not null)
        {
            WaId = seen.WaId;
            changed = true;
        }

        if (UserId is null && seen.UserId is not null)
        {
            UserId = seen.UserId;
            changed = true;
        }

        if (seen.ParentUserId is not null && seen.ParentUserId != ParentUserId && (seen.UserId is null || seen.UserId == UserId))
        {
            ParentUserId = seen.ParentUserId;
            changed = true;
        }

        if (Clean(seen.Username) is { } username && username != Username)
        {
            Username = username;
            changed = true;
        }

        if (changed)
        {
            UpdatedAt = now;
        }

        return changed;
    }

    /// <summary>The customer's phone number changed; the history event, or null when it is the same number.</summary>
    public ContactIdentityEvent? ChangePhoneNumber(string waId, string? source, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(waId);
        if (waId == WaId)
        {
            return null;
        }

        var change = ContactIdentityEvent.PhoneNumberChanged(Id, WaId, waId, source, occurredAt, now);
        WaId = waId;
        UpdatedAt = now;
        return change;
    }

    /// <summary>WhatsApp gave the customer a new BSUID (and parent BSUID); the history event, or null when it is the same.</summary>
    public ContactIdentityEvent? ChangeUserId(string userId, string? parentUserId, string? source, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (userId == UserId)
        {
            return null;
        }

        var change = ContactIdentityEvent.UserIdChanged(Id, UserId, userId, source, occurredAt, now);
        UserId = userId;
        ParentUserId = parentUserId;
        UpdatedAt = now;
        return change;
    }

    /// <summary>
    /// Takes over what the business knew of <paramref name="other"/>, the same customer under another identity:
    /// its tags, its display and profile names where this contact has none, and both opt-outs (an opt-out of either
    /// stays; the newer marketing preference wins). Its identifiers are taken with <see cref="LearnIdentity"/> once
    /// it is gone (they are unique).
    /// </summary>
    public void Absorb(Contact other, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(other);
        DisplayName ??= other.DisplayName;
        ProfileName ??= other.ProfileName;
        Username ??= other.Username;
        Tags = Tags.Concat(other.Tags).Distinct(StringComparer.Ordinal).Take(MaxTags).ToList();
        if (other.OptedOut && (!OptedOut || other.OptedOutAt < OptedOutAt))
        {
            OptedOut = true;
            OptedOutAt = other.OptedOutAt;
        }

        if (other.MarketingPreferenceAt is { } at && (MarketingPreferenceAt is null || at > MarketingPreferenceAt))
        {
            MarketingOptedOut = other.MarketingOptedOut;
            MarketingPreferenceAt = at;
        }

        UpdatedAt = now;
    }

    /// <summary>
    /// Applies a marketing preference WhatsApp reported at <paramref name="at"/> (stop: opted out; resume: in again),
    /// unless a newer one is already in force. True when the flag changed.
    /// </summary>
    public bool SetMarketingOptOut(bool optedOut, DateTimeOffset at, DateTimeOffset now)
    {
        if (MarketingPreferenceAt is { } current && at < current)
        {
            return false;
        }

        MarketingPreferenceAt = at;
        var changed = MarketingOptedOut != optedOut;
        MarketingOptedOut = optedOut;
        UpdatedAt = now;
        return changed;
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
