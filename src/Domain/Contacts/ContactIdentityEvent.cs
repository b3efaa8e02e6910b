using System.Text.Json.Serialization;
using WhatsSuite.Domain.Common;

namespace WhatsSuite.Domain.Contacts;

public enum ContactIdentityChange
{
    /// <summary>The customer moved to another phone number (system message <c>user_changed_number</c>, or a BSUID seen with a new number).</summary>
    [JsonStringEnumMemberName("phone_number_changed")]
    PhoneNumberChanged = 1,

    /// <summary>WhatsApp gave the customer a new business-scoped user id (<c>user_changed_user_id</c>, or a number change).</summary>
    [JsonStringEnumMemberName("user_id_changed")]
    UserIdChanged = 2,

    /// <summary>Two contacts turned out to be the same customer (a phone number and a BSUID revealed together); the other one was merged into this one.</summary>
    [JsonStringEnumMemberName("merged")]
    Merged = 3,
}

/// <summary>
/// One change of a contact's identity, kept as its history: the old and new phone number or BSUID, or the
/// identifiers of a contact merged into it (<see cref="MergedContactId"/> is that contact's former id).
/// </summary>
public sealed class ContactIdentityEvent
{
    public const int MaxSourceLength = 300;

    private ContactIdentityEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid ContactId { get; private set; }

    public ContactIdentityChange Change { get; private set; }

    public string? OldWaId { get; private set; }

    public string? NewWaId { get; private set; }

    public string? OldUserId { get; private set; }

    public string? NewUserId { get; private set; }

    public Guid? MergedContactId { get; private set; }

    /// <summary>What revealed the change, for example the wamid of the system message.</summary>
    public string? Source { get; private set; }

    /// <summary>When WhatsApp reported it.</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public static ContactIdentityEvent PhoneNumberChanged(Guid contactId, string? oldWaId, string newWaId, string? source, DateTimeOffset occurredAt, DateTimeOffset now) =>
        New(contactId, ContactIdentityChange.PhoneNumberChanged, source, occurredAt, now, e =>
        {
            e.OldWaId = oldWaId;
            e.NewWaId = newWaId;
        });

    public static ContactIdentityEvent UserIdChanged(Guid contactId, string? oldUserId, string newUserId, string? source, DateTimeOffset occurredAt, DateTimeOffset now) =>
        New(contactId, ContactIdentityChange.UserIdChanged, source, occurredAt, now, e =>
        {
            e.OldUserId = oldUserId;
            e.NewUserId = newUserId;
        });

    /// <summary><paramref name="merged"/> (its phone number and BSUID) became part of contact <paramref name="contactId"/>.</summary>
    public static ContactIdentityEvent Merged(Guid contactId, Contact merged, string? source, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(merged);
        return New(contactId, ContactIdentityChange.Merged, source, occurredAt, now, e =>
        {
            e.MergedContactId = merged.Id;
            e.OldWaId = merged.WaId;
            e.OldUserId = merged.UserId;
        });
    }

    private static ContactIdentityEvent New(Guid contactId, ContactIdentityChange change, string? source, DateTimeOffset occurredAt, DateTimeOffset now, Action<ContactIdentityEvent> fill)
    {
        var e = new ContactIdentityEvent
        {
            Id = Guid.CreateVersion7(now),
            ContactId = contactId,
            Change = change,
            Source = TextLimit.Cut(source, MaxSourceLength),
            OccurredAt = occurredAt,
            RecordedAt = now,
        };
        fill(e);
        return e;
    }
}
