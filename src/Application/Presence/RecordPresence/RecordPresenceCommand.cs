using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Presence.RecordPresence;

/// <summary>
/// Records who is online now for the dashboards' presence time (<see cref="Domain.Presence.PresenceInterval"/>): every
/// active user of <paramref name="OnlineUserIds"/> has their stretch with their current availability extended to now, or
/// a new one started from the previous run's instant (<see cref="Domain.Presence.PresenceRecordingState"/>). When the
/// previous run is more than <see cref="MaxGap"/> ago (the job did not run, or nobody was online), or dated after now
/// (another instance's clock is ahead), the time in between is not counted: a new stretch starts now. Two runs at once
/// cannot both commit (the state row's version). Background work of the <c>presence</c> job.
/// </summary>
[SystemOnly]
public sealed record RecordPresenceCommand(IReadOnlyCollection<Guid> OnlineUserIds) : ICommand<Result<PresenceRecorded>>, IAuditTarget
{
    /// <summary>At most this long between two runs is counted as presence: a little over two runs of the minutely job.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(150);

    public string AuditTargetType => "presence";

    public string? AuditTargetId => null;
}

/// <summary>What a run recorded: the stretches it extended and those it started.</summary>
public sealed record PresenceRecorded(int Extended, int Started);
