using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Messages;
using WhatsSuite.Application.Messages.ListMessages;
using WhatsSuite.Application.Messages.SendMessage;

namespace WhatsSuite.Api.Endpoints;

internal sealed class MessagesEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/conversations/{id:guid}/messages").WithTags("Messages");

        group.MapGet("/", List)
            .WithSummary("List a conversation's messages, newest first (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription("limit 1..200 (default 50). Pass the answer's nextCursor as cursor for the next (older) page; it is null on the last page. A conversation the caller may not see answers 404.")
            .Produces<MessagePage>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPost("/", Send)
            .WithSummary("Queue a message for sending (ADMIN, SUPERVISOR, AGENTE)")
            .WithDescription(
                "Answers 202 with the message in state 'queued'; it is sent to WhatsApp in the background and its status moves to sent, delivered, read or failed. "
                + "Body: {type:'text', text, previewUrl?, replyToMessageId?}, {type:'template', template:{name, language, components?}} "
                + "or {type:'image'|'audio'|'video'|'document'|'sticker', media:{uploadId, caption?, fileName?}, replyToMessageId?} for a file uploaded with POST /api/v1/conversations/{id}/media "
                + "(caption on image, video and document, up to 1024 characters; fileName on documents; a file WhatsApp does not accept as the type is 422 media.format_not_accepted or media.too_large_for_type, "
                + "an upload of another WhatsApp number 422 media.upload_not_found). "
                + "Free-form text and media only within 24 hours of the customer's last message (422 messages.outside_service_window: send an approved template instead); "
                + "templates are refused to contacts who opted out (422 contacts.opted_out). Only the assignee, a supervisor of the conversation's queue or an admin may send (403 conversations.not_assignee); "
                + "a closed conversation answers 409 conversations.closed; a deleted, disabled or invalid-credentials connection 422.")
            .Produces<MessageDto>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> List(Guid id, string? cursor, int? limit, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListMessagesQuery(id, cursor, limit ?? ListMessagesQuery.DefaultLimit), ct)).ToOk();

    private static async Task<IResult> Send(Guid id, SendMessageBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new SendMessageCommand(id, body.Type, body.Text, body.PreviewUrl, body.ReplyToMessageId, body.Template, body.Media), ct))
            .ToAccepted(message => $"/api/v1/conversations/{id}/messages");
}

/// <summary>Body of <c>POST /api/v1/conversations/{id}/messages</c>.</summary>
internal sealed record SendMessageBody(string? Type, string? Text, bool? PreviewUrl, Guid? ReplyToMessageId, SendTemplateInput? Template, SendMediaInput? Media);
