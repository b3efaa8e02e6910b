using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Sessions.PurgeExpiredSessions;

/// <summary>
/// Deletes database session records that expired more than a day ago (embedded mode keeps sessions in
/// the database; Redis expires its own). Sent by a recurring background job as the system actor.
/// </summary>
[SystemOnly]
public sealed record PurgeExpiredSessionsCommand : ICommand<Result<int>>;
