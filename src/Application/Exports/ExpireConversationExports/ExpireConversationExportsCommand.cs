using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Exports;

namespace WhatsSuite.Application.Exports.ExpireConversationExports;

/// <summary>
/// Removes the files of completed background exports past their expiry (<c>CONVERSATION_EXPORT_RETENTION_DAYS</c> after
/// they finished) and marks them expired, at most <see cref="BatchSize"/> per command; the rows stay as a record of who
/// exported what. Sent by the recurring job <c>expire-conversation-exports</c> as its system actor, audited with each
/// export expired as a target.
/// </summary>
[SystemOnly]
public sealed record ExpireConversationExportsCommand : ICommand<Result<ExpiredConversationExports>>, IAuditTarget
{
    public const int BatchSize = 100;

    /// <summary>True when some completed export is past its expiry (checked before a run, so an idle run writes no audit row).</summary>
    public static Task<bool> HasWorkAsync(IApplicationDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ConversationExports.AnyAsync(e => e.Status == ConversationExportStatus.Completed && e.ExpiresAt <= now, cancellationToken);
    }

    public string AuditTargetType => ExportErrors.TargetType;

    public string? AuditTargetId => null;
}

/// <summary>How many exports one batch expired, and whether more are due.</summary>
public sealed record ExpiredConversationExports(int Expired, bool Done);
