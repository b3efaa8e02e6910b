using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Campaigns.StartDueCampaigns;

/// <summary>
/// The dispatcher's minute: scheduled campaigns whose start has come become running (or completed, when their stop
/// came first), and the running campaigns are listed so the job can start a dispatch job for each. Sent by the
/// recurring job as <c>job:campaign-dispatch</c>; each move is audited under the command.
/// </summary>
[SystemOnly]
public sealed record StartDueCampaignsCommand : ICommand<Result<IReadOnlyList<RunningCampaign>>>;

/// <summary>A running campaign the dispatcher sends: its id, and its name for the dashboard.</summary>
public sealed record RunningCampaign(Guid Id, string Name);
