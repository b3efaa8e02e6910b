using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.AuditLogs.VerifyAuditChain;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;

namespace WhatsSuite.Infrastructure.Auditing;

/// <summary>
/// The <c>verify-audit-chain</c> command-line verb: walks the audit chain of the configured database (the same check
/// as <c>GET /api/v1/audit-logs/verify</c>), logs the verdict and exits, <c>0</c> when intact and <c>3</c> when not.
/// It runs before start-up's migrations and seeding, so it reads the database exactly as it is (the restore drill
/// of <c>scripts/restore.sh</c> checks a freshly restored database with it and must not add a row).
/// </summary>
public static partial class AuditChainVerification
{
    public const string CommandName = "verify-audit-chain";

    /// <summary>The exit code of a chain that does not verify.</summary>
    public const int BrokenExitCode = 3;

    public static async Task<int> VerifyAuditChainAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditChainVerification).FullName!);
        var verdict = await AuditChainVerifier.VerifyAsync(provider.GetRequiredService<IApplicationDbContext>(), cancellationToken);
        if (verdict.Intact)
        {
            LogIntact(logger, verdict.RowsChecked);
            return 0;
        }

        LogBroken(logger, verdict.FirstBrokenSequence, verdict.FirstBrokenId, verdict.Reason, verdict.RowsChecked);
        return BrokenExitCode;
    }

    [LoggerMessage(EventId = LogEvents.AuditChainVerified, Level = LogLevel.Information, Message = "The audit chain is intact: {RowsChecked} rows verified")]
    private static partial void LogIntact(ILogger logger, long rowsChecked);

    [LoggerMessage(EventId = LogEvents.AuditChainBroken, Level = LogLevel.Error, Message = "The audit chain is broken at sequence {Sequence} (row {RowId}): {Reason}, after {RowsChecked} rows verified")]
    private static partial void LogBroken(ILogger logger, long? sequence, Guid? rowId, string? reason, long rowsChecked);
}
