using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Templates;

/// <summary>Errors of the template use cases and of sending a template.</summary>
public static class TemplateErrors
{
    public const string TargetType = "template";

    public static readonly Error ConnectionUnavailable =
        Error.Unprocessable("templates.connection_unavailable", "The connection does not exist, is deleted or is not active.");

    public static readonly Error AlreadyExists =
        Error.Conflict("templates.already_exists", "The connection already has a template with this name and language.");

    public static readonly Error SyncConflict =
        Error.Conflict("templates.sync_conflict", "The templates of this connection were changed at the same moment; try again.");

    public static readonly Error WhatsAppUnavailable =
        Error.Unprocessable("templates.whatsapp_unavailable", "WhatsApp could not be reached or did not answer as documented; try again later.");

    public static readonly Error MarketingOptedOut =
        Error.Unprocessable("templates.marketing_opted_out", "The contact stopped marketing messages from this business; only UTILITY and AUTHENTICATION templates can be sent to them.");

    public static Error NotFound(Guid id) =>
        Error.NotFound("templates.not_found", $"Template '{id}' does not exist.");

    public static Error Unknown(string name, string language) =>
        Error.Unprocessable("templates.unknown", $"The connection has no template '{name}' in language '{language}'; sync the templates or check the name.");

    public static Error NotApproved(string name, string status) =>
        Error.Unprocessable("templates.not_approved", $"Template '{name}' is {status}; only APPROVED templates can be sent.");

    public static Error VariablesUnfilled(string name, IReadOnlyList<string> problems) =>
        Error.Unprocessable("templates.variables_unfilled", $"Template '{name}' cannot be sent as given: {string.Join("; ", problems)}.");

    public static Error ParameterInvalid(string name, IReadOnlyList<string> problems) =>
        Error.Unprocessable("templates.parameter_invalid", $"Template '{name}' cannot be sent as given: {string.Join("; ", problems)}.");

    public static Error RefusedByWhatsApp(string code, string? title) =>
        Error.Unprocessable("templates.refused_by_whatsapp", $"WhatsApp refused the request (code {code}){(string.IsNullOrWhiteSpace(title) ? string.Empty : $": {title}")}.");

    public static readonly Error WabaIdMissing =
        Error.Unprocessable("templates.waba_id_missing", "The connection has no WhatsApp Business Account id; set wabaId on the connection first.");
}
