using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Templates;
using WhatsSuite.Application.Templates.CreateTemplate;
using WhatsSuite.Application.Templates.GetTemplate;
using WhatsSuite.Application.Templates.ListTemplates;
using WhatsSuite.Application.Templates.SyncTemplates;

namespace WhatsSuite.Api.Endpoints;

internal sealed class TemplatesEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/templates").WithTags("Templates");

        group.MapGet("/", List)
            .WithSummary("List message templates (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("Templates of the connections' WhatsApp Business Accounts as last synced or reported by WhatsApp, by name then language. Filters: connectionId, status (APPROVED, PENDING, REJECTED, PAUSED, DISABLED, DELETED, ...), category (MARKETING, UTILITY, AUTHENTICATION), search (name); page, pageSize. variables says what a send must fill: header parameters, body variables, and the buttons (by index) that take a parameter.")
            .Produces<PagedList<TemplateDto>>()
            .ProducesAuthProblems();

        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a message template (ADMIN, SUPERVISOR, AGENTE)")
            .Produces<TemplateDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPost("/", Create)
            .WithSummary("Create a message template and submit it for WhatsApp's review (ADMIN, SUPERVISOR)")
            .WithDescription("connectionId, name (lower-case letters, digits, underscores), language (es, en_US, ...), category (MARKETING, UTILITY, AUTHENTICATION) and components in Meta's definition format (HEADER, BODY, FOOTER, BUTTONS). Checked before it is sent: body at most 1024 characters, header and footer 60, at most 10 buttons of 25; variables numbered {{1}}..{{n}} without gaps (or all named, {{first_name}}), each with an example. WhatsApp's refusal is 422 templates.refused_by_whatsapp with its code; an existing name and language on the connection is 409. The template is stored with the status WhatsApp gave (usually PENDING); status webhooks move it.")
            .Produces<TemplateDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/sync", Sync)
            .WithSummary("Sync a connection's message templates from WhatsApp now (ADMIN, SUPERVISOR)")
            .WithDescription("Reads every page of the WABA's templates (GET {waba-id}/message_templates): new ones are added, changed ones updated, ones WhatsApp no longer lists become DELETED. The same sync runs every hour for every active connection (recurring job sync-message-templates). A connection without wabaId is 422 templates.waba_id_missing.")
            .Produces<TemplateSyncDto>()
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> List(Guid? connectionId, string? status, string? category, string? search, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListTemplatesQuery(connectionId, status, category, search, page ?? 1, pageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetTemplateQuery(id), ct)).ToOk();

    private static async Task<IResult> Create(CreateTemplateCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToCreated(template => $"/api/v1/templates/{template.Id}");

    private static async Task<IResult> Sync(SyncTemplatesCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToOk();
}
