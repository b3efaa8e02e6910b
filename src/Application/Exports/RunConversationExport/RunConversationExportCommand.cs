using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Exports.RunConversationExport;

/// <summary>
/// Writes a background conversation export's file (ADR 0042), sent by its Hangfire job as the system actor
/// <c>job:conversation-export</c>. The requester's visibility is read again now: a user who is no longer active, or no
/// longer ADMIN or SUPERVISOR, gets no file (the export fails with <c>requester_inactive</c> or
/// <c>requester_role</c>), and a supervisor gets only the conversations of the queues they are a member of now. The file
/// is the synchronous export's bytes (<see cref="Conversations.ConversationExportWriter"/>) gzip-compressed, written to a
/// temporary file renamed into place in the archive store, its SHA-256 recorded. A write that fails leaves no file and
/// the export failed (<c>write_failed</c>). Idempotent: a finished export is left as it is. Audited with the outcome.
/// </summary>
[SystemOnly]
[WithoutTransaction]
public sealed record RunConversationExportCommand(Guid ExportId) : ICommand<Result<ConversationExportFileDto>>, IAuditTarget
{
    public string AuditTargetType => ExportErrors.TargetType;

    public string? AuditTargetId => ExportId.ToString();
}
