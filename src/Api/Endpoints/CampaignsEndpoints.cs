using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CancelCampaign;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Campaigns.GetCampaign;
using WhatsSuite.Application.Campaigns.ListCampaigns;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.Campaigns.UpdateCampaign;
using WhatsSuite.Application.Common.Paging;

namespace WhatsSuite.Api.Endpoints;

internal sealed class CampaignsEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/campaigns").WithTags("Campaigns");

        group.MapGet("/", List)
            .WithSummary("List broadcast campaigns (ADMIN, SUPERVISOR)")
            .WithDescription("Newest first. Filters: status (draft, scheduled, running, paused, completed, cancelled, failed), search (name); page, pageSize.")
            .Produces<PagedList<CampaignDto>>()
            .ProducesAuthProblems();

        group.MapPost("/", Create)
            .WithSummary("Create a draft broadcast campaign (ADMIN, SUPERVISOR)")
            .WithDescription("name; connectionIds (1 to 10 active connections); template {name, language, variables} where variables maps each of the template's variables (body.1, header.1, button.0; GET /api/v1/templates/{id} lists them) to contact.name, contact.phone, column:<name> of an uploaded audience or text:<value>; queueId (replies open their conversation there; linked to every connection); schedule {startAt, stopAt, timeZone (IANA, default UTC), allowedFrom, allowedUntil (HH:mm)}; pace {messagesPerSecond (default and maximum: the slowest connection's send rate), dailyCap}. The template must be APPROVED on every connection (422 campaigns.template_unusable).")
            .Produces<CampaignDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a broadcast campaign (ADMIN, SUPERVISOR)")
            .Produces<CampaignDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPut("/{id:guid}", Update)
            .WithSummary("Edit a draft broadcast campaign (ADMIN, SUPERVISOR)")
            .WithDescription("The same body and checks as creating one. A campaign that is no longer a draft is 409 campaigns.not_draft.")
            .Produces<CampaignDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapPut("/{id:guid}/audience", SetAudience)
            .WithSummary("Set a draft campaign's audience (ADMIN, SUPERVISOR)")
            .WithDescription("Replaces the recipient ledger with contacts {tags (any of), optedInOnly, lastSeenAfter, lastSeenBefore} and/or numbers (at most 10,000, E.164 with or without '+'), one recipient per number (neither: the audience is emptied). Opted-out contacts (and, for a MARKETING template, those who stopped marketing messages) unless optedInOnly leaves them out, entries that are not phone numbers and repeated numbers are kept as skipped with their reason; the answer counts them, lists the first 100 with their line, and previews the first recipients with their variables filled. Variables mapped to column:<name> need an uploaded file (422 campaigns.audience_needs_columns). A campaign that is no longer a draft is 409 campaigns.not_draft.")
            .Produces<CampaignAudienceDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/{id:guid}/cancel", Cancel)
            .WithSummary("Cancel a broadcast campaign (ADMIN, SUPERVISOR)")
            .WithDescription("Any campaign that has not finished; an optional reason is kept. A completed, cancelled or failed campaign is 409 campaigns.invalid_transition.")
            .Produces<CampaignDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> List(string? status, string? search, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListCampaignsQuery(status, search, page ?? 1, pageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> Create(CreateCampaignCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToCreated(campaign => $"/api/v1/campaigns/{campaign.Id}");

    private static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetCampaignQuery(id), ct)).ToOk();

    private static async Task<IResult> Update(Guid id, CampaignBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UpdateCampaignCommand(id, body.Name, body.ConnectionIds, body.Template, body.QueueId, body.Schedule, body.Pace), ct)).ToOk();

    private static async Task<IResult> SetAudience(Guid id, AudienceBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SetCampaignAudienceCommand(id, body.Contacts, body.Numbers), ct)).ToOk();

    private static async Task<IResult> Cancel(Guid id, CancelBody? body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CancelCampaignCommand(id, body?.Reason), ct)).ToOk();
}

/// <summary>Body of <c>PUT /api/v1/campaigns/{id}</c>.</summary>
internal sealed record CampaignBody(string Name, IReadOnlyList<Guid> ConnectionIds, CampaignTemplateInput Template, Guid? QueueId, CampaignScheduleInput? Schedule, CampaignPaceInput? Pace);

/// <summary>Body of <c>PUT /api/v1/campaigns/{id}/audience</c>.</summary>
internal sealed record AudienceBody(CampaignContactFilterInput? Contacts, IReadOnlyList<string>? Numbers);

/// <summary>Body of <c>POST /api/v1/campaigns/{id}/cancel</c>.</summary>
internal sealed record CancelBody(string? Reason);
