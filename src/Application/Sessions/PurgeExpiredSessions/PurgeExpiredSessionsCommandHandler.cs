using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Sessions.PurgeExpiredSessions;

internal sealed class PurgeExpiredSessionsCommandHandler(IApplicationDbContext db, TimeProvider clock)
    : ICommandHandler<PurgeExpiredSessionsCommand, Result<int>>
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    public async ValueTask<Result<int>> Handle(PurgeExpiredSessionsCommand command, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - Grace;
        return await db.UserSessions.Where(s => s.ExpiresAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
