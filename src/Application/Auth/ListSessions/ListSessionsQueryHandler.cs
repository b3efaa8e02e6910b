using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Auth.ListSessions;

internal sealed class ListSessionsQueryHandler(ISessionStore sessions, ActorContext actorContext)
    : IQueryHandler<ListSessionsQuery, Result<IReadOnlyList<SessionDto>>>
{
    public async ValueTask<Result<IReadOnlyList<SessionDto>>> Handle(ListSessionsQuery query, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var active = await sessions.ListActiveForUserAsync(actor.UserId!.Value, cancellationToken);
        return active.Select(s => new SessionDto(s.Jti, s.CreatedAt, s.ExpiresAt, s.IpAddress, s.UserAgent, s.Jti == actor.SessionId)).ToList();
    }
}
