using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Settings.GetSettings;

internal sealed class GetSettingsQueryHandler(IApplicationDbContext db) : IQueryHandler<GetSettingsQuery, Result<SystemSettingsDto>>
{
    public async ValueTask<Result<SystemSettingsDto>> Handle(GetSettingsQuery query, CancellationToken cancellationToken) =>
        SettingsReader.ToDto(await SettingsReader.ReadAsync(db, cancellationToken));
}
