using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Messages;
using WhatsSuite.Application.Messages.SendMessage;
using WhatsSuite.Application.QuickReplies;
using WhatsSuite.Application.QuickReplies.CreateQuickReply;
using WhatsSuite.Application.QuickReplies.DeleteQuickReply;
using WhatsSuite.Application.QuickReplies.ListQuickReplies;
using WhatsSuite.Application.QuickReplies.RenderQuickReply;
using WhatsSuite.Application.QuickReplies.UpdateQuickReply;

namespace WhatsSuite.Api.Endpoints;

internal sealed class QuickRepliesEndpoints : IEndpointGroup
{
    private const string Variables = " Variables in the text: {{contact.name}}, {{contact.phone}}, {{agent.name}}; any other answers 422 quick_replies.unknown_variable.";

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/quick-replies").WithTags("Quick replies");

        group.MapGet("/", List)
            .WithName("quick_replies_list")
            .WithSummary("The quick replies the caller may use (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("Personal replies and the team replies of the caller's queues (ADMIN: every team reply), by shortcut. search matches the start of the shortcut (a leading '/' is ignored); queueId keeps one queue's team replies.")
            .Produces<PagedList<QuickReplyDto>>()
            .ProducesAuthProblems();

        group.MapPost("/", Create)
            .WithName("quick_replies_create")
            .WithSummary("Create a quick reply (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("With queueId: a team reply of that queue (ADMIN, or a SUPERVISOR of the queue; 403 otherwise). Without: a personal reply of the caller. The shortcut is unique within the queue or the caller's replies (409)." + Variables)
            .Produces<QuickReplyDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapPut("/{id:guid}", Update)
            .WithName("quick_replies_update")
            .WithSummary("Replace a quick reply's shortcut, title and text (its owner; for a team reply ADMIN or a SUPERVISOR of the queue)")
            .WithDescription("A reply the caller cannot see answers 404; a team reply they may only use answers 403." + Variables)
            .Produces<QuickReplyDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{id:guid}", Delete)
            .WithName("quick_replies_delete")
            .WithSummary("Delete a quick reply (its owner; for a team reply ADMIN or a SUPERVISOR of the queue)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        app.MapPost("/api/v1/conversations/{id:guid}/quick-replies/{quickReplyId:guid}", Send)
            .WithName("quick_replies_send")
            .WithTags("Quick replies")
            .WithSummary("Send a quick reply in a conversation (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription(
                "Fills in the reply's variables for this conversation (its contact, the caller as the agent) and sends the text exactly as POST /api/v1/conversations/{id}/messages "
                + "does with {type:'text'}: the same rules (service window, assignee, closed conversation, connection state) and answers, and the same audit row (SendMessage). "
                + "A reply or conversation the caller cannot see answers 404.")
            .Produces<MessageDto>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> List(string? search, Guid? queueId, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListQuickRepliesQuery(search, queueId, page ?? 1, pageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> Create(QuickReplyBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new CreateQuickReplyCommand(body.Shortcut, body.Title, body.Text, body.QueueId), ct)).ToCreated(reply => $"/api/v1/quick-replies/{reply.Id}");

    private static async Task<IResult> Update(Guid id, QuickReplyChangeBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UpdateQuickReplyCommand(id, body.Shortcut, body.Title, body.Text), ct)).ToOk();

    private static async Task<IResult> Delete(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new DeleteQuickReplyCommand(id), ct)).ToNoContent();

    private static async Task<IResult> Send(Guid id, Guid quickReplyId, IMediator mediator, CancellationToken ct)
    {
        var rendered = await mediator.Send(new RenderQuickReplyQuery(quickReplyId, id), ct);
        if (!rendered.IsSuccess)
        {
            return rendered.Error.ToProblem();
        }

        return (await mediator.Send(new SendMessageCommand(id, SendMessageCommand.TextType, rendered.Value.Text, null, null, null), ct))
            .ToAccepted(message => $"/api/v1/conversations/{id}/messages");
    }
}

/// <summary>Body of <c>POST /api/v1/quick-replies</c>; without <c>queueId</c> the reply is personal.</summary>
internal sealed record QuickReplyBody(string? Shortcut, string? Title, string? Text, Guid? QueueId);

/// <summary>Body of <c>PUT /api/v1/quick-replies/{id}</c>.</summary>
internal sealed record QuickReplyChangeBody(string? Shortcut, string? Title, string? Text);
