using System.Linq.Expressions;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Application.Contacts;

/// <summary>A contact: <see cref="Name"/> is the display name, else the WhatsApp profile name, else the number.</summary>
public sealed record ContactDto(
    Guid Id,
    string WaId,
    string Name,
    string? DisplayName,
    string? ProfileName,
    IReadOnlyList<string> Tags,
    bool OptedOut,
    DateTimeOffset? OptedOutAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    internal static readonly Expression<Func<Contact, ContactDto>> Projection = c => new ContactDto(
        c.Id, c.WaId, c.DisplayName ?? c.ProfileName ?? c.WaId, c.DisplayName, c.ProfileName, c.Tags, c.OptedOut, c.OptedOutAt, c.CreatedAt, c.UpdatedAt);

    private static readonly Func<Contact, ContactDto> Map = Projection.Compile();

    internal static ContactDto From(Contact c) => Map(c);
}

public static class ContactErrors
{
    public const string TargetType = "contact";

    public static Error NotFound(Guid id) => Error.NotFound("contacts.not_found", $"Contact '{id}' does not exist.");
}
