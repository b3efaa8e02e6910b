using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Queues.GetQueue;

internal sealed class GetQueueQueryHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<GetQueueQuery, Result<QueueDto>>
{
    public async ValueTask<Result<QueueDto>> Handle(GetQueueQuery query, CancellationToken cancellationToken) =>
        await QueueReader.ReadAsync(db, query.Id, clock.GetUtcNow(), cancellationToken) is { } queue ? queue : QueueErrors.NotFound(query.Id);
}
