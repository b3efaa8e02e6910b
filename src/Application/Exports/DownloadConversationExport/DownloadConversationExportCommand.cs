using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Exports.DownloadConversationExport;

/// <summary>
/// The file of a completed background conversation export (ADR 0042), for its requester and ADMIN: the gzip as stored,
/// read through a check of its recorded SHA-256 (a changed file fails at its end instead of completing). Anyone else
/// gets 404 <c>exports.not_found</c>, audited as <c>denied</c> (<c>not_requester</c>); an export without a file
/// (queued, running, failed, expired) 409 <c>exports.not_ready</c>. A command so that every download is audited.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
[WithoutTransaction]
public sealed record DownloadConversationExportCommand(Guid Id) : ICommand<Result<ConversationExportDownload>>, IAuditTarget
{
    public string AuditTargetType => ExportErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}

/// <summary>An export file to send: the stored gzip (checked while read), its download name and size.</summary>
public sealed record ConversationExportDownload(Stream Content, string FileName, long Bytes);
