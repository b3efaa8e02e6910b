using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Connections.GetConnection;

internal sealed class GetConnectionQueryHandler(IApplicationDbContext db, ISecretProtector protector, ActorContext actorContext) : IQueryHandler<GetConnectionQuery, Result<ConnectionDto>>
{
    public async ValueTask<Result<ConnectionDto>> Handle(GetConnectionQuery query, CancellationToken cancellationToken) =>
        await ConnectionReader.ReadAsync(db, protector, actorContext.Current, query.Id, cancellationToken) is { } connection ? connection : ConnectionErrors.NotFound(query.Id);
}
