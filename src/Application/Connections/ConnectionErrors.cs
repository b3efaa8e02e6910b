using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Connections;

/// <summary>Errors of the connection use cases.</summary>
public static class ConnectionErrors
{
    public const string TargetType = "connection";

    public static readonly Error NameTaken =
        Error.Conflict("connections.name_taken", "Another connection already has this name.");

    public static readonly Error PhoneNumberIdTaken =
        Error.Conflict("connections.phone_number_id_taken", "Another connection already uses this phone number id.");

    public static readonly Error NameOrPhoneNumberIdTaken =
        Error.Conflict("connections.duplicate", "Another connection already has this name or phone number id.");

    public static readonly Error AppSecretMismatch =
        Error.Conflict("connections.app_secret_mismatch", "The other connections of this Meta app have another app secret; the numbers of one app share its secret (omit appSecret to take it).");

    public static readonly Error AppSecretRequired =
        Error.Unprocessable("connections.app_secret_required", "No other connection belongs to this Meta app yet: give its app secret.");

    public static readonly Error ConcurrentChange =
        Error.Conflict("connections.concurrent_change", "The connection was changed by another request at the same moment; try again.");

    public static readonly Error SandboxCreatedConcurrently =
        Error.Conflict("connections.sandbox_created_concurrently", "Another instance created the default sandbox connection at the same moment.");

    public static readonly Error CredentialsAdminOnly =
        Error.Forbidden(
            "connections.credentials_admin_only",
            "Only an ADMIN may change a connection's phone number id, WABA id, access token or app secret. Send the current ids and leave the secrets out.");

    public static Error NotFound(Guid id) =>
        Error.NotFound("connections.not_found", $"Connection '{id}' does not exist.");
}
