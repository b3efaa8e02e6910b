using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Webhooks;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Sandbox.SimulateInboundMessage;

internal sealed class SimulateInboundMessageCommandHandler(
    IApplicationDbContext db,
    ISecretProtector protector,
    MessagingOptions options,
    TimeProvider clock)
    : ICommandHandler<SimulateInboundMessageCommand, Result<SignedSandboxDelivery>>
{
    public async ValueTask<Result<SignedSandboxDelivery>> Handle(SimulateInboundMessageCommand command, CancellationToken cancellationToken)
    {
        var connection = options.SandboxEnabled
            ? await db.Connections.AsNoTracking()
                .Where(c => c.Id == command.ConnectionId && c.DeletedAt == null && c.Provider == ConnectionProvider.Sandbox)
                .Select(c => new { c.PhoneNumberId, c.WabaId, c.DisplayNumber, c.AppSecretProtected })
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        if (connection is null)
        {
            return SandboxErrors.ConnectionNotFound(command.ConnectionId);
        }

        var from = PhoneNumber.TryNormalize(command.From, out var phone) ? phone : null;
        var userId = BusinessScopedUserId.TryParse(command.UserId, out var bsuid) ? bsuid : null;
        var wamid = "wamid." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var message = new JsonObject();
        if (from is not null)
        {
            message["from"] = from;
        }

        if (userId is not null)
        {
            message["from_user_id"] = userId;
        }

        message["id"] = wamid;
        message["timestamp"] = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        switch (command.Type ?? MessageTypes.Text)
        {
            case MessageTypes.Image:
                var imageId = SandboxMedia.NewImageId();
                var image = new JsonObject
                {
                    ["mime_type"] = SandboxMedia.ImageMimeType,
                    ["sha256"] = SandboxMedia.Sha256Base64(imageId),
                    ["id"] = imageId,
                };
                if (!string.IsNullOrEmpty(command.Caption))
                {
                    image["caption"] = command.Caption;
                }

                message["type"] = MessageTypes.Image;
                message["image"] = image;
                break;
            case MessageTypes.Audio:
                var audioId = SandboxMedia.NewAudioId();
                message["type"] = MessageTypes.Audio;
                message["audio"] = new JsonObject
                {
                    ["mime_type"] = SandboxMedia.AudioMimeType,
                    ["sha256"] = SandboxMedia.Sha256Base64(audioId),
                    ["id"] = audioId,
                    ["voice"] = true,
                };
                break;
            case MessageTypes.Reaction:
                message["type"] = MessageTypes.Reaction;
                message["reaction"] = new JsonObject { ["message_id"] = command.ReactTo, ["emoji"] = command.Text };
                break;
            default:
                message["type"] = MessageTypes.Text;
                message["text"] = new JsonObject { ["body"] = command.Text };
                break;
        }

        var contact = new JsonObject();
        var profile = new JsonObject();
        if (!string.IsNullOrWhiteSpace(command.Name))
        {
            profile["name"] = command.Name.Trim();
        }

        if (!string.IsNullOrWhiteSpace(command.Username))
        {
            profile["username"] = command.Username.Trim();
        }

        if (profile.Count > 0)
        {
            contact["profile"] = profile;
        }

        if (from is not null)
        {
            contact["wa_id"] = from;
        }

        if (userId is not null)
        {
            contact["user_id"] = userId;
        }

        var body = MetaWebhookBody.Message(connection.WabaId ?? connection.PhoneNumberId, connection.DisplayNumber, connection.PhoneNumberId, contact, message);
        var signature = WebhookSignature.Compute(body, protector.Unprotect(connection.AppSecretProtected));
        return new SignedSandboxDelivery(command.ConnectionId, wamid, from, body, signature, userId);
    }
}
