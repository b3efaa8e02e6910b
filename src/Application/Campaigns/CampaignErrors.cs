using System.Globalization;
using WhatsSuite.Application.Campaigns.ImportCampaignAudience;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Campaigns;

/// <summary>Errors of the campaign use cases.</summary>
public static class CampaignErrors
{
    public const string TargetType = "campaign";

    /// <summary>The ledger's error code of a recipient whose message could not be made: a variable had no value.</summary>
    public const string VariableEmptyCode = "campaigns.variable_empty";

    /// <summary>A recipient's value does not fit its template slot (a media link that is not https, a coupon code over 15 characters, ...).</summary>
    public const string VariableInvalidCode = "campaigns.variable_invalid";

    public static readonly Error NotDraft =
        Error.Conflict("campaigns.not_draft", "Only a draft campaign can be edited.");

    public static readonly Error Changed =
        Error.Conflict("campaigns.changed", "The campaign was changed by another request at the same moment; reload it and try again.");

    public static readonly Error QueueNotLinked =
        Error.Unprocessable("campaigns.queue_not_linked", "The queue for replies must exist and be linked to every connection of the campaign.");

    public static readonly Error SchedulePast =
        Error.Unprocessable("campaigns.schedule_past", "The campaign's start (or stop) time has passed; edit the schedule to a start now or later.");

    public static readonly Error AudienceEmpty =
        Error.Unprocessable("campaigns.audience_empty", "The campaign's audience has no recipient to send to; set its audience first.");

    public static Error NotFound(Guid id) =>
        Error.NotFound("campaigns.not_found", $"Campaign '{id}' does not exist.");

    public static Error ConnectionUnavailable(Guid id) =>
        Error.Unprocessable("campaigns.connection_unavailable", $"Connection '{id}' does not exist, is deleted or is not active.");

    public static Error PaceTooHigh(int max) =>
        Error.Unprocessable("campaigns.pace_too_high", $"messagesPerSecond can be at most {max}: the lowest send rate of the campaign's connections.");

    public static Error TemplateUnusable(Guid connectionId, string reason) =>
        Error.Unprocessable("campaigns.template_unusable", $"The template cannot be sent on connection '{connectionId}': {reason}");

    public static Error AudienceNeedsColumns(IReadOnlyList<string> columns) =>
        Error.Unprocessable("campaigns.audience_needs_columns", $"The template's variables take {string.Join(", ", columns)} from columns of an uploaded file; upload the audience as a file, or map them to contact fields or text.");

    public static readonly Error AudienceFileMissing =
        Error.Validation(new Dictionary<string, string[]> { ["file"] = ["Send the audience as multipart/form-data with the file in a part named 'file'."] });

    public static readonly Error AudienceFileMalformed =
        Error.Validation(new Dictionary<string, string[]> { ["file"] = ["The multipart/form-data body is malformed."] });

    public static readonly Error AudienceFileNotMultipart =
        Error.Unprocessable("campaigns.audience_file_not_multipart", "Send the audience as multipart/form-data (with a boundary) with the file in a part named 'file'.");

    public static readonly Error AudienceFileUnsupported =
        Error.Unprocessable("campaigns.audience_file_unsupported", "The file is neither a CSV (UTF-8 text) nor an XLSX workbook (read from its content, not its name); save it as 'CSV UTF-8' or as an Excel workbook (.xlsx).");

    public static readonly Error AudienceFileEmpty =
        Error.Unprocessable("campaigns.audience_file_empty", "The file has no header row: its first row must name the columns (one of them the phone number).");

    public static Error AudienceFileTooLarge(long maxBytes) =>
        Error.Unprocessable("campaigns.audience_file_too_large", string.Create(CultureInfo.InvariantCulture, $"The file is larger than the {maxBytes} bytes this installation accepts (CAMPAIGN_AUDIENCE_FILE_MAX_BYTES)."));

    public static Error AudienceFileUnreadable(string detail) =>
        Error.Unprocessable("campaigns.audience_file_unreadable", $"The file cannot be read: {detail}");

    public static Error AudienceFileEncoding(int line) =>
        Error.Unprocessable("campaigns.audience_file_encoding", string.Create(CultureInfo.InvariantCulture, $"Row {line} of the CSV is not UTF-8 text; save the file as 'CSV UTF-8' and upload it again."));

    public static Error AudienceFileTooManyRows(int max) =>
        Error.Unprocessable("campaigns.audience_file_too_many_rows", string.Create(CultureInfo.InvariantCulture, $"The file has more than {max} data rows; split it into several campaigns."));

    public static Error AudienceFileTooManyColumns(int max) =>
        Error.Unprocessable("campaigns.audience_file_too_many_columns", string.Create(CultureInfo.InvariantCulture, $"The file has more than {max} named columns."));

    public static Error AudienceFileDuplicateColumn(string column) =>
        Error.Unprocessable("campaigns.audience_file_duplicate_column", $"The column '{column}' appears twice in the header row (column names are compared without regard to case).");

    public static Error AudienceFileNoPhoneColumn(string? requested, IReadOnlyList<string> columns) =>
        Error.Unprocessable("campaigns.audience_file_no_phone_column", (requested is null
            ? $"No column holds the phone numbers: name it one of {string.Join(", ", AudienceFileColumns.PhoneColumnNames)}, or give its name as phoneColumn."
            : $"The file has no column '{requested}'.") + $" Columns found: {(columns.Count == 0 ? "none" : string.Join(", ", columns))}.");

    public static Error AudienceFileMissingColumns(IReadOnlyList<string> columns) =>
        Error.Unprocessable("campaigns.audience_file_missing_columns", $"The template's variables take {string.Join(", ", columns)}, which the file does not have.");

    public static Error InvalidTransition(string from, string to) =>
        Error.Conflict("campaigns.invalid_transition", $"A {from} campaign cannot become {to}.");
}
