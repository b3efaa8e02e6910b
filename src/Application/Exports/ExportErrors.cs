using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Exports;

namespace WhatsSuite.Application.Exports;

/// <summary>Errors of background conversation exports (ADR 0042).</summary>
public static class ExportErrors
{
    public const string TargetType = "conversation_export";

    /// <summary>Also the answer for an export of another user (only its requester and ADMIN see it).</summary>
    public static Error NotFound(Guid id) =>
        Error.NotFound("exports.not_found", $"Export '{id}' does not exist.");

    public static Error NotReady(Guid id, ConversationExportStatus status) =>
        Error.Conflict("exports.not_ready", $"Export '{id}' has no file to download: it is {ConversationExportFileDto.StatusName(status)}.");

    public static Error FileMissing(Guid id) =>
        Error.Conflict("exports.file_missing", $"The file of export '{id}' is missing from the store.");

    public static Error TooManyPending(int max) =>
        Error.TooManyRequests("exports.too_many_pending", $"You already have {max} exports queued or running; wait until one finishes (GET /api/v1/exports).", TimeSpan.FromMinutes(1));
}
