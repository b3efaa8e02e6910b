namespace WhatsSuite.Domain.Contacts;

/// <summary>
/// How WhatsApp identified a customer in one payload: the phone number (<see cref="WaId"/>, E.164 digits), the
/// business-scoped user id (<see cref="UserId"/>), or both; with the parent BSUID and the username when sent.
/// A phone number is withheld from businesses when the user adopted a username.
/// </summary>
public sealed record ContactIdentity(string? WaId, string? UserId, string? ParentUserId = null, string? Username = null)
{
    /// <summary>Neither a phone number nor a BSUID: nothing to identify the customer by.</summary>
    public bool IsEmpty => WaId is null && UserId is null;

    public static ContactIdentity Phone(string waId) => new(waId, null);
}
