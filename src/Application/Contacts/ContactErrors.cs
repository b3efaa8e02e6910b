using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Contacts;

/// <summary>Errors of the contact use cases.</summary>
public static class ContactErrors
{
    public const string TargetType = "contact";

    public static Error NotFound(Guid id) => Error.NotFound("contacts.not_found", $"Contact '{id}' does not exist.");

    public static readonly Error SearchTooBroad =
        Error.Unprocessable("contacts.search_too_broad", "The search matches too much to answer quickly; use a longer or more specific term, or an earlier page.");
}
