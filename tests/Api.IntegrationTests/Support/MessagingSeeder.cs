using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// Writes connections, contacts, conversations, queues and messages straight through the model, for tests
/// of features that read them. Secrets are encrypted with the instance's own protector, as the API would.
/// </summary>
public sealed class MessagingSeeder(WhatsSuiteApp app)
{
    public const string AccessToken = "EAAG-test-access-token";
    public const string AppSecret = "test-app-secret";

    public async Task<Connection> ConnectionAsync(ConnectionProvider provider = ConnectionProvider.CloudApi, int sendRateLimitPerSecond = Connection.DefaultSendRateLimitPerSecond, Guid? queueId = null)
    {
        return await WithDbAsync(async (db, protector, now) =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..12];
            var connection = Connection.Create(
                $"Line {suffix}",
                provider,
                $"pn{suffix}",
                $"waba{suffix}",
                "5491100000000",
                protector.Protect(AccessToken),
                protector.Protect(AppSecret),
                protector.Protect("verify-token"),
                sendRateLimitPerSecond,
                now);
            if (queueId is { } queue)
            {
                connection.LinkQueue(queue, now);
            }

            db.Connections.Add(connection);
            await db.SaveChangesAsync();
            return connection;
        });
    }

    public Task ChangeConnectionAsync(Guid connectionId, Action<Connection, DateTimeOffset> change) =>
        WithDbAsync(async (db, _, now) =>
        {
            var connection = await db.Connections.SingleAsync(c => c.Id == connectionId);
            change(connection, now);
            await db.SaveChangesAsync();
            return 0;
        });

    public Task<Contact> ContactAsync(bool optedOut = false) =>
        WithDbAsync(async (db, _, now) =>
        {
            var contact = Contact.Create($"549{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}", "Cliente", now);
            if (optedOut)
            {
                contact.SetOptOut(true, now);
            }

            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact;
        });

    public Task<Queue> QueueAsync(params Guid[] members) =>
        WithDbAsync(async (db, _, now) =>
        {
            var queue = Queue.Create($"Queue {Guid.NewGuid():N}", null, AssignmentStrategy.Manual, 5, now);
            foreach (var member in members)
            {
                queue.AddMember(member, now);
            }

            db.Queues.Add(queue);
            await db.SaveChangesAsync();
            return queue;
        });

    /// <summary>
    /// A conversation whose customer last wrote <paramref name="lastInboundAgo"/> ago (null: never), in
    /// <paramref name="queueId"/>, assigned to <paramref name="assigneeId"/> (OPEN) or UNASSIGNED, or CLOSED.
    /// </summary>
    public Task<Conversation> ConversationAsync(Guid connectionId, Guid contactId, Guid? queueId = null, Guid? assigneeId = null, TimeSpan? lastInboundAgo = null, bool closed = false) =>
        WithDbAsync(async (db, _, now) =>
        {
            var conversation = Conversation.StartInbound(connectionId, contactId, queueId, now);
            if (lastInboundAgo is { } ago)
            {
                conversation.RecordInbound(now - ago, "hola", now);
            }

            if (assigneeId is { } assignee)
            {
                conversation.AssignTo(assignee, now);
            }

            if (closed)
            {
                conversation.Close(now);
            }

            db.Conversations.Add(conversation);
            await db.SaveChangesAsync();
            return conversation;
        });

    /// <summary>Everything a send needs: an active connection, a contact and a conversation inside the service window.</summary>
    public async Task<(Connection Connection, Contact Contact, Conversation Conversation)> OpenConversationAsync(Guid? assigneeId = null, int sendRateLimitPerSecond = Connection.DefaultSendRateLimitPerSecond)
    {
        var connection = await ConnectionAsync(sendRateLimitPerSecond: sendRateLimitPerSecond);
        var contact = await ContactAsync();
        var conversation = await ConversationAsync(connection.Id, contact.Id, assigneeId: assigneeId, lastInboundAgo: TimeSpan.FromHours(1));
        return (connection, contact, conversation);
    }

    /// <summary>Queues outbound text messages directly in the outbox (as the send command does).</summary>
    public Task<List<Message>> QueueTextsAsync(Guid conversationId, Guid connectionId, IEnumerable<string> texts) =>
        WithDbAsync(async (db, _, now) =>
        {
            var messages = texts.Select(t => Message.Outbound(conversationId, connectionId, MessageTypes.Text, t, $"{{\"body\":\"{t}\",\"preview_url\":false}}", null, now)).ToList();
            db.Messages.AddRange(messages);
            await db.SaveChangesAsync();
            return messages;
        });

    /// <summary>An inbound message sent at <paramref name="sentAt"/>.</summary>
    public Task<Message> InboundAsync(Guid conversationId, Guid connectionId, string text, DateTimeOffset sentAt) =>
        WithDbAsync(async (db, _, now) =>
        {
            var message = Message.Inbound(conversationId, connectionId, $"wamid.in.{Guid.NewGuid():N}", MessageTypes.Text, text, $"{{\"body\":\"{text}\"}}", null, null, sentAt, now);
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            return message;
        });

    public Task StatusEventAsync(Guid connectionId, string wamid, MessageStatus status) =>
        WithDbAsync(async (db, _, now) =>
        {
            db.MessageStatusEvents.Add(MessageStatusEvent.Create(connectionId, wamid, status, now, null, null, null, now));
            await db.SaveChangesAsync();
            return 0;
        });

    public Task<Message> MessageAsync(Guid id) =>
        WithDbAsync((db, _, _) => db.Messages.AsNoTracking().SingleAsync(m => m.Id == id));

    public Task<Connection> ReadConnectionAsync(Guid id) =>
        WithDbAsync((db, _, _) => db.Connections.AsNoTracking().SingleAsync(c => c.Id == id));

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, ISecretProtector, DateTimeOffset, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        return await work(db, protector, now);
    }
}
