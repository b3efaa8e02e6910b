using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// Inserts connections, contacts, conversations and messages straight through the application's database
/// context (their own endpoints belong to other features), and creates queues and memberships through the
/// queues API.
/// </summary>
public sealed class ConversationSeeder(WhatsSuiteApp app, string adminToken)
{
    private DateTimeOffset _clock = DateTimeOffset.UtcNow.AddDays(-2);

    /// <summary>A strictly increasing time, so that seeded conversations have a known order.</summary>
    public DateTimeOffset NextTime() => _clock = _clock.AddSeconds(1);

    public async Task<Guid> QueueAsync(string strategy = "manual", int capacity = 5)
    {
        using var admin = app.CreateClient().WithBearer(adminToken);
        var response = await admin.PostAsJsonAsync("/api/v1/queues", new { name = $"Queue {Guid.NewGuid():N}", strategy, agentCapacity = capacity });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public async Task AddMemberAsync(Guid queueId, Guid userId)
    {
        using var admin = app.CreateClient().WithBearer(adminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/v1/queues/{queueId}/members/{userId}", null)).StatusCode);
    }

    /// <summary>A user of <paramref name="role"/> who is a member of each of <paramref name="queueIds"/>.</summary>
    public async Task<SignedInUser> UserAsync(string role, params Guid[] queueIds)
    {
        var user = await app.CreateSignedInUserAsync(adminToken, role);
        foreach (var queueId in queueIds)
        {
            await AddMemberAsync(queueId, user.Id);
        }

        return user;
    }

    public async Task<Guid> ConnectionAsync(IEnumerable<Guid>? queueIds = null, Action<Connection, DateTimeOffset>? change = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
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
        db.Connections.Add(connection);
        await db.SaveChangesAsync();
        return connection.Id;
    }

    public async Task<Guid> ContactAsync(string? waId = null, string? profileName = null, bool optedOut = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = NextTime();
        var contact = Contact.Create(waId ?? RandomNumber(), profileName, now);
        if (optedOut)
        {
            contact.SetOptOut(true, now);
        }

        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        return contact.Id;
    }

    /// <summary>A conversation in <paramref name="status"/>: UNASSIGNED, OPEN (assigned to <paramref name="assigneeId"/>) or CLOSED.</summary>
    public async Task<Guid> ConversationAsync(Guid connectionId, Guid? queueId, ConversationStatus status = ConversationStatus.UNASSIGNED, Guid? assigneeId = null, Guid? contactId = null)
    {
        contactId ??= await ContactAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = NextTime();
        var conversation = Conversation.StartInbound(connectionId, contactId.Value, queueId, now);
        conversation.RecordInbound(now, "Hola", now);
        if (status == ConversationStatus.OPEN)
        {
            conversation.AssignTo(assigneeId ?? throw new ArgumentNullException(nameof(assigneeId)), now);
        }
        else if (status == ConversationStatus.CLOSED)
        {
            conversation.Close(now);
        }

        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation.Id;
    }

    public async Task MessageAsync(Guid conversationId, Guid connectionId, string text)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = NextTime();
        db.Messages.Add(Message.Inbound(conversationId, connectionId, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, text, "{}", null, null, now, now));
        await db.SaveChangesAsync();
    }

    public static string RandomNumber() => $"549{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}";
}
