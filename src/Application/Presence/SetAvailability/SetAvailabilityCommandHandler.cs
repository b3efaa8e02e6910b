using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Presence.SetAvailability;

internal sealed class SetAvailabilityCommandHandler(
    IApplicationDbContext db, ActorContext actorContext, AuditScope auditScope, AfterCommit afterCommit, IPresence presence, IBackgroundWorkSignal signal, TimeProvider clock)
    : ICommandHandler<SetAvailabilityCommand, Result<MyPresenceDto>>
{
    public async ValueTask<Result<MyPresenceDto>> Handle(SetAvailabilityCommand command, CancellationToken cancellationToken)
    {
        var userId = actorContext.Current.UserId;
        var user = userId is { } id ? await db.Users.FindAsync([id], cancellationToken) : null;
        if (user is null || !user.IsActive)
        {
            return Errors.Unauthenticated;
        }

        auditScope.SetTarget(UserErrors.TargetType, user.Id.ToString());
        auditScope.SetNote(command.Availability!.Value == Availability.Available ? "available" : "away");
        if (user.SetAvailability(command.Availability.Value, clock.GetUtcNow()))
        {
            await db.SaveChangesAsync(cancellationToken);
            afterCommit.Add(presence.NotifyChanged);
            if (user.Availability == Availability.Available)
            {
                afterCommit.Add(() => signal.Notify(BackgroundWork.AutoAssignment));
            }
        }

        var online = await presence.OnlineAsync(cancellationToken);
        return new MyPresenceDto(user.Id, user.Availability, online.ContainsKey(user.Id));
    }
}
