using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Support;

/// <summary>A user the tests act as: <see cref="Actor"/> is what an access token of theirs would give the pipeline.</summary>
public sealed record TestUser(Guid Id, Role Role)
{
    public Actor Actor => Actor.ForUser(Id, Role, $"session-{Id:N}", false, "127.0.0.1", "application-tests", $"req-{Guid.NewGuid():N}");
}

/// <summary>
/// Arranges the rows a handler test starts from straight through the domain model (their own use cases are
/// tested elsewhere), each in a context of its own, so every test builds what it needs in the class's database.
/// </summary>
public sealed class Seeder(ApplicationFixture fixture)
{
    private DateTimeOffset _clock = DateTimeOffset.UtcNow.AddHours(-2);
    private int _crowds;

    /// <summary>
    /// <paramref name="count"/> unassigned conversations in <paramref name="queueId"/>, each with a search document
    /// holding <paramref name="term"/>, written in one statement per table: one millisecond apart, or all at the same
    /// time when <paramref name="tied"/> (the list then orders them by id alone).
    /// </summary>
    public async Task CrowdAsync(Guid connectionId, Guid queueId, int count, string term, bool tied = false)
    {
        var template = await ConversationAsync(connectionId, queueId);
        var now = NextTime();
        var step = tied ? 0 : 1;
        var crowd = Interlocked.Increment(ref _crowds);
        var prefix = $"crowd-{crowd}-";
        var numbers = $"549{crowd:D3}";
        await fixture.ChangeAsync(async db =>
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO contacts
            SELECT (jsonb_populate_record(c, jsonb_build_object('id', md5({prefix} || 'contact' || g)::uuid, 'wa_id', {numbers} || lpad(g::text, 7, '0')))).*
            FROM contacts AS c, generate_series(1, {count}) AS g WHERE c.id = {template.ContactId}
            """);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO conversations
            SELECT (jsonb_populate_record(c, jsonb_build_object(
                'id', md5({prefix} || 'conversation' || g)::uuid, 'contact_id', md5({prefix} || 'contact' || g)::uuid,
                'updated_at', {now} - g * {step} * interval '1 millisecond'))).*
            FROM conversations AS c, generate_series(1, {count}) AS g WHERE c.id = {template.Id}
            """);
            await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO conversation_search_documents (conversation_id, contact_text, message_text)
            SELECT md5({prefix} || 'conversation' || g)::uuid, '', {term} FROM generate_series(1, {count}) AS g
            """);
        });
    }

    /// <summary>A strictly increasing time in the recent past, so seeded rows have a known order.</summary>
    public DateTimeOffset NextTime()
    {
        lock (this)
        {
            return _clock = _clock.AddMilliseconds(10);
        }
    }

    public async Task<Guid> QueueAsync(AssignmentStrategy strategy = AssignmentStrategy.Manual, int capacity = 5)
    {
        var queue = Queue.Create($"Queue {Guid.NewGuid():N}", null, strategy, capacity, NextTime());
        await fixture.ChangeAsync(db =>
        {
            db.Queues.Add(queue);
            return Task.CompletedTask;
        });
        return queue.Id;
    }

    /// <summary>An active user of <paramref name="role"/>, a member of each of <paramref name="queueIds"/>.</summary>
    public async Task<TestUser> UserAsync(Role role, params Guid[] queueIds)
    {
        ArgumentNullException.ThrowIfNull(queueIds);
        var hasher = fixture.Services.GetRequiredService<IPasswordHasher>();
        var now = NextTime();
        var user = User.Create($"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.test", $"Test {role}", role, hasher.Hash("Test-password-123"), false, now);
        await fixture.ChangeAsync(async db =>
        {
            db.Users.Add(user);
            foreach (var queueId in queueIds)
            {
                var queue = await db.Queues.Include(q => q.Members).SingleAsync(q => q.Id == queueId);
                queue.AddMember(user.Id, now);
            }
        });
        return new TestUser(user.Id, role);
    }

    public async Task<Guid> ConnectionAsync(IEnumerable<Guid>? queueIds = null, Action<Connection, DateTimeOffset>? change = null)
    {
        var protector = fixture.Services.GetRequiredService<ISecretProtector>();
        var now = NextTime();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var connection = Connection.Create(
            $"Line {suffix}",
            ConnectionProvider.Sandbox,
            $"pn{suffix}",
            null,
            $"5411{Random.Shared.Next(10_000_000, 99_999_999)}",
            protector.Protect("access-token"),
            protector.Protect("app-secret"),
            protector.Protect("verify-token"),
            Connection.DefaultSendRateLimitPerSecond,
            now);
        foreach (var queueId in queueIds ?? [])
        {
            connection.LinkQueue(queueId, now);
        }

        change?.Invoke(connection, now);
        await fixture.ChangeAsync(db =>
        {
            db.Connections.Add(connection);
            return Task.CompletedTask;
        });
        return connection.Id;
    }

    /// <summary>A template of the connection as WhatsApp would list it: a body with <paramref name="bodyVariables"/> numbered variables.</summary>
    public async Task<MessageTemplate> TemplateAsync(
        Guid connectionId, string name, string language, int bodyVariables = 0, string status = MessageTemplateStatus.Approved, string category = MessageTemplateCategory.Utility, string? components = null)
    {
        var template = MessageTemplate.FromMeta(connectionId, $"{Random.Shared.NextInt64(1, long.MaxValue)}", name, language, category, status, null, components ?? TemplateComponents(bodyVariables), synced: true, NextTime());
        await fixture.ChangeAsync(db =>
        {
            db.MessageTemplates.Add(template);
            return Task.CompletedTask;
        });
        return template;
    }

    /// <summary>A definition whose body has <paramref name="bodyVariables"/> numbered variables, each with an example.</summary>
    public static string TemplateComponents(int bodyVariables)
    {
        var numbers = Enumerable.Range(1, bodyVariables).ToList();
        var text = "Hola" + string.Concat(numbers.Select(n => $" {{{{{n}}}}}"));
        var examples = string.Join(",", numbers.Select(n => $"\"v{n}\""));
        return bodyVariables == 0
            ? $$"""[{"type":"BODY","text":"{{text}}"}]"""
            : $$$"""[{"type":"BODY","text":"{{{text}}}","example":{"body_text":[[{{{examples}}}]]}}]""";
    }

    public async Task<Guid> ContactAsync(bool optedOut = false)
    {
        var now = NextTime();
        var contact = Contact.Create(RandomNumber(), "Cliente", now);
        if (optedOut)
        {
            contact.SetOptOut(true, now);
        }

        await fixture.ChangeAsync(db =>
        {
            db.Contacts.Add(contact);
            return Task.CompletedTask;
        });
        return contact.Id;
    }

    /// <summary>
    /// A conversation in <paramref name="status"/> (OPEN: held by <paramref name="assigneeId"/>) whose customer wrote
    /// <paramref name="lastInboundAgo"/> ago (a minute by default: inside the service window) with a stored message.
    /// </summary>
    public async Task<SeededConversation> ConversationAsync(
        Guid connectionId,
        Guid? queueId,
        ConversationStatus status = ConversationStatus.UNASSIGNED,
        Guid? assigneeId = null,
        TimeSpan? lastInboundAgo = null,
        bool contactOptedOut = false)
    {
        var contactId = await ContactAsync(contactOptedOut);
        var now = NextTime();
        var sentAt = DateTimeOffset.UtcNow - (lastInboundAgo ?? TimeSpan.FromMinutes(1));
        var conversation = Conversation.StartInbound(connectionId, contactId, queueId, now);
        conversation.RecordInbound(sentAt, "Hola", now);
        var inbound = Message.Inbound(conversation.Id, connectionId, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, "Hola", "{\"body\":\"Hola\"}", null, null, sentAt, now);
        if (status == ConversationStatus.OPEN)
        {
            conversation.AssignTo(assigneeId ?? throw new ArgumentNullException(nameof(assigneeId)), now);
        }
        else if (status == ConversationStatus.CLOSED)
        {
            conversation.Close(now);
        }

        await fixture.ChangeAsync(db =>
        {
            db.Conversations.Add(conversation);
            db.Messages.Add(inbound);
            return Task.CompletedTask;
        });
        return new SeededConversation(conversation.Id, contactId, inbound.Id);
    }

    public static string RandomNumber() => $"549{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}";
}

/// <summary>A seeded conversation, its contact and the customer's message in it.</summary>
public sealed record SeededConversation(Guid Id, Guid ContactId, Guid InboundMessageId);
