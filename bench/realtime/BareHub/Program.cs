// The baseline of the real-time desk benchmark: the least a SignalR server can do to push a webhook's message to the
// agents of a queue. POST /webhook/{queue} checks the body's X-Hub-Signature-256 (HMAC-SHA256, as WhatsApp signs),
// reads the sender, the message id and the text, answers 200 and hands the message to one background loop (the same
// "acknowledge, then process" shape as WhatsSuite's inbox, without a database), which sends the envelopes WhatsSuite
// sends for a message in an existing conversation (message.new, then conversation.updated; conversation.created first
// for a new one) through one hub method, "desk", to the group of the queue. Clients join their queue's group with
// ?queue=N. No authentication, no persistence, no visibility rules: what is left is SignalR's own cost.
//
// Configuration: ASPNETCORE_URLS, BARE_APP_SECRET (the webhook signing secret).
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using WhatsSuite.Bench.BareHub;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Logging.ClearProviders();
builder.Services.AddSignalR();
var secret = Encoding.UTF8.GetBytes(builder.Configuration["BARE_APP_SECRET"]
    ?? throw new InvalidOperationException("BARE_APP_SECRET (the webhook signing secret) is required."));
var inbox = Channel.CreateUnbounded<Inbound>(new UnboundedChannelOptions { SingleReader = true });
builder.Services.AddSingleton(inbox);
builder.Services.AddHostedService<Fanout>();

var app = builder.Build();
app.MapHub<DeskHub>("/hubs/desk");
app.MapGet("/health", () => Results.Ok());
app.MapPost("/webhook/{queue:int}", async (int queue, HttpRequest request, CancellationToken ct) =>
{
    using var buffer = new MemoryStream();
    await request.Body.CopyToAsync(buffer, ct);
    var body = buffer.ToArray();
    var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
    if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(request.Headers["X-Hub-Signature-256"].ToString())))
    {
        return Results.Unauthorized();
    }

    using var json = JsonDocument.Parse(body);
    var value = json.RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value");
    var message = value.GetProperty("messages")[0];
    await inbox.Writer.WriteAsync(
        new Inbound(queue, message.GetProperty("from").GetString()!, message.GetProperty("id").GetString()!, message.GetProperty("text").GetProperty("body").GetString()!),
        ct);
    return Results.Ok();
});

await app.RunAsync();

namespace WhatsSuite.Bench.BareHub
{
    internal sealed record Inbound(int Queue, string From, string Wamid, string Text);

    internal sealed class DeskHub : Hub
    {
        public override async Task OnConnectedAsync()
        {
            var queue = Context.GetHttpContext()?.Request.Query["queue"].ToString();
            await Groups.AddToGroupAsync(Context.ConnectionId, $"q{queue}");
            await base.OnConnectedAsync();
        }
    }

    /// <summary>Sends each acknowledged message to its queue's group, in arrival order, as WhatsSuite's envelopes.</summary>
    internal sealed class Fanout(Channel<Inbound> inbox, IHubContext<DeskHub> hub) : BackgroundService
    {
        private readonly Dictionary<(int Queue, string From), (Guid Id, Guid ContactId, long Seq)> _conversations = [];
        private readonly Guid _connectionId = Guid.NewGuid();

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await foreach (var message in inbox.Reader.ReadAllAsync(stoppingToken))
            {
                var now = DateTimeOffset.UtcNow;
                var group = hub.Clients.Group($"q{message.Queue}");
                var created = !_conversations.TryGetValue((message.Queue, message.From), out var conversation);
                if (created)
                {
                    conversation = (Guid.NewGuid(), Guid.NewGuid(), 0);
                }

                var state = new
                {
                    id = conversation.Id,
                    connectionId = _connectionId,
                    contactId = conversation.ContactId,
                    queueId = QueueId(message.Queue),
                    status = "UNASSIGNED",
                    assigneeId = (Guid?)null,
                    lastMessageAt = now,
                    lastMessagePreview = message.Text,
                    updatedAt = now,
                    closedReason = (string?)null,
                    inactivityWarnedAt = (DateTimeOffset?)null,
                };
                var change = new { conversation = state, previousQueueId = (Guid?)null, previousAssigneeId = (Guid?)null };
                if (created)
                {
                    await group.SendAsync("desk", Envelope("conversation.created", conversation.Id, ++conversation.Seq, now, change), stoppingToken);
                }

                var data = new
                {
                    id = Guid.NewGuid(),
                    conversationId = conversation.Id,
                    direction = "in",
                    type = "text",
                    text = message.Text,
                    status = "received",
                    senderUserId = (Guid?)null,
                    sentAt = now,
                };
                await group.SendAsync("desk", Envelope("message.new", conversation.Id, ++conversation.Seq, now, data), stoppingToken);
                await group.SendAsync("desk", Envelope("conversation.updated", conversation.Id, ++conversation.Seq, now, change), stoppingToken);
                _conversations[(message.Queue, message.From)] = conversation;
            }
        }

        private static object Envelope(string type, Guid conversationId, long seq, DateTimeOffset at, object data) =>
            new { v = 1, type, conversationId, seq, at, data };

        private static Guid QueueId(int queue) => new(queue, 0, 0, new byte[8]);
    }
}
