using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users;

namespace WhatsSuite.Application.Auth.GetCurrentUser;

internal sealed class GetCurrentUserQueryHandler(IApplicationDbContext db, ActorContext actorContext) : IQueryHandler<GetCurrentUserQuery, Result<UserDto>>
{
    public async ValueTask<Result<UserDto>> Handle(GetCurrentUserQuery query, CancellationToken cancellationToken)
    {
        var userId = actorContext.Current.UserId;
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).ProjectToDto().SingleOrDefaultAsync(cancellationToken);
        return user is null ? Errors.Unauthenticated : user;
    }
}
