using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Users.GetUser;

internal sealed class GetUserQueryHandler(IApplicationDbContext db) : IQueryHandler<GetUserQuery, Result<UserDto>>
{
    public async ValueTask<Result<UserDto>> Handle(GetUserQuery query, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == query.Id).ProjectToDto().SingleOrDefaultAsync(cancellationToken);
        return user is null ? Errors.UserNotFound(query.Id) : user;
    }
}
