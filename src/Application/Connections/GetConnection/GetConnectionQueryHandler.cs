using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Connections.GetConnection;

internal sealed class GetConnectionQueryHandler(IApplicationDbContext db, ISecretProtector protector) : IQueryHandler<GetConnectionQuery, Result<ConnectionDto>>
{
    public async ValueTask<Result<ConnectionDto>> Handle(GetConnectionQuery query, CancellationToken cancellationToken) =>
        await ConnectionReader.ReadAsync(db, protector, query.Id, cancellationToken) is { } connection ? connection : ConnectionErrors.NotFound(query.Id);
}
