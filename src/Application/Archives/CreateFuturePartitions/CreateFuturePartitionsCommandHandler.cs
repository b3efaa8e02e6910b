using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Archives.CreateFuturePartitions;

internal sealed class CreateFuturePartitionsCommandHandler(IHistoryPartitions partitions, AuditScope auditScope, TimeProvider clock)
    : ICommandHandler<CreateFuturePartitionsCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(CreateFuturePartitionsCommand command, CancellationToken cancellationToken)
    {
        if (!partitions.Partitioned)
        {
            auditScope.SetNote("not_partitioned");
            return 0;
        }

        var now = clock.GetUtcNow();
        var created = await partitions.EnsureMonthsAsync(now, now.AddMonths(CreateFuturePartitionsCommand.MonthsAhead), cancellationToken);
        auditScope.SetNote($"created {created}");
        return created;
    }
}
