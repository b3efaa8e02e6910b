using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Settings;
using WhatsSuite.Application.Settings.GetSettings;
using WhatsSuite.Application.Settings.UpdateSettings;

namespace WhatsSuite.Api.Endpoints;

internal sealed class SettingsEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/settings").WithTags("Settings");

        group.MapGet("/", Get)
            .WithName("settings_get")
            .WithSummary("The desk's run-time settings (ADMIN)")
            .WithDescription("Business rules an ADMIN changes without a restart. Deployment secrets and infrastructure stay in the environment (README, System settings).")
            .Produces<SystemSettingsDto>()
            .ProducesAuthProblems();

        group.MapPut("/", Update)
            .WithName("settings_update")
            .WithSummary("Replace the desk's run-time settings (ADMIN)")
            .WithDescription("Every field is required. autoAssignIntervalMinutes: minutes between two runs of the auto-assignment drain, one of 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60. inactivityWarnMinutes (0 to 10080) and inactivityCloseMinutes (0 to 43200): minutes of silence before the assignee of an OPEN conversation is warned and before it is closed, 0 for never, the warning before the close; the default of queues without their own rule (PUT /api/v1/queues/{id}/inactivity). The change is audited with each old and new value; a concurrent change answers 409 settings.changed.")
            .Produces<SystemSettingsDto>()
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> Get(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetSettingsQuery(), ct)).ToOk();

    private static async Task<IResult> Update(SettingsBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UpdateSettingsCommand(body.AutoAssignIntervalMinutes, body.InactivityWarnMinutes, body.InactivityCloseMinutes), ct)).ToOk();
}

/// <summary>Body of <c>PUT /api/v1/settings</c>.</summary>
internal sealed record SettingsBody(int? AutoAssignIntervalMinutes, int? InactivityWarnMinutes, int? InactivityCloseMinutes);
