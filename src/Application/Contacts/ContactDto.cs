using System.Linq.Expressions;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.Contacts;

/// <summary>
/// A contact: known by phone number (<see cref="WaId"/>), business-scoped user id (<see cref="UserId"/>, when
/// WhatsApp withholds the number of a user with a username) or both. <see cref="Name"/> is the display name, else
/// the WhatsApp profile name, else the username, else the number or BSUID. <see cref="OptedOut"/> (keyword or an
/// agent) blocks every business-initiated message; <see cref="MarketingOptedOut"/> (the user stopped marketing
/// messages in WhatsApp) keeps the contact out of campaigns. <see cref="IdentityHistory"/> (one contact only) lists
/// the number and BSUID changes and merges, newest first.
/// </summary>
public sealed record ContactDto(
    Guid Id,
    string? WaId,
    string? UserId,
    string? ParentUserId,
    string? Username,
    string Name,
    string? DisplayName,
    string? ProfileName,
    IReadOnlyList<string> Tags,
    bool OptedOut,
    DateTimeOffset? OptedOutAt,
    bool MarketingOptedOut,
    DateTimeOffset? MarketingPreferenceAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ContactIdentityEventDto>? IdentityHistory = null)
{
    internal static readonly Expression<Func<Contact, ContactDto>> Projection = c => new ContactDto(
        c.Id,
        c.WaId,
        c.UserId,
        c.ParentUserId,
        c.Username,
        c.DisplayName ?? c.ProfileName ?? c.Username ?? c.WaId ?? c.UserId ?? string.Empty,
        c.DisplayName,
        c.ProfileName,
        c.Tags,
        c.OptedOut,
        c.OptedOutAt,
        c.MarketingOptedOut,
        c.MarketingPreferenceAt,
        c.CreatedAt,
        c.UpdatedAt,
        null);

    private static readonly Func<Contact, ContactDto> Map = Projection.Compile();

    internal static ContactDto From(Contact c) => Map(c);
}

/// <summary>One change of a contact's identity: a new phone number or BSUID (old and new), or a contact merged into it.</summary>
public sealed record ContactIdentityEventDto(
    Guid Id,
    ContactIdentityChange Change,
    string? OldWaId,
    string? NewWaId,
    string? OldUserId,
    string? NewUserId,
    Guid? MergedContactId,
    string? Source,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt);
