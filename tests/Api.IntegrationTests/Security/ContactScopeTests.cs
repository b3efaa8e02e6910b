using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>
/// A SUPERVISOR sees the contacts that have a conversation they can see (in one of their queues, or without
/// a queue), exactly as conversations are scoped; any other contact answers 404 like one that does not exist,
/// changes nothing, and the refusal is audited.
/// </summary>
public sealed class ContactScopeTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    [Fact]
    public async Task Supervisor_SeesOnlyContactsWithAConversationInTheirQueues_OthersAre404AndAudited()
    {
        var seeder = new ConversationSeeder(fixture.App, fixture.AdminToken);
        var own = await seeder.QueueAsync();
        var other = await seeder.QueueAsync();
        var supervisor = await seeder.UserAsync("SUPERVISOR", own);
        var connection = await seeder.ConnectionAsync([own, other]);
        var mine = await seeder.ContactAsync(profileName: "Mine");
        var unqueued = await seeder.ContactAsync(profileName: "Unqueued");
        var theirs = await seeder.ContactAsync(profileName: "Theirs");
        var noConversation = await seeder.ContactAsync(profileName: "Nobody");
        await seeder.ConversationAsync(connection, own, contactId: mine);
        await seeder.ConversationAsync(connection, null, contactId: unqueued);
        await seeder.ConversationAsync(connection, other, contactId: theirs);
        using var client = fixture.App.CreateClient().WithBearer(supervisor.Token);

        var listed = await (await client.GetAsync("/api/v1/contacts?pageSize=100")).ReadJsonAsync();
        var ids = listed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToHashSet();

        Assert.Equal(new HashSet<Guid> { mine, unqueued }, ids);
        Assert.Equal(2, listed.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/contacts/{mine}")).StatusCode);
        foreach (var hidden in new[] { theirs, noConversation })
        {
            await (await client.GetAsync($"/api/v1/contacts/{hidden}")).AssertProblemAsync(HttpStatusCode.NotFound, "contacts.not_found");
            await (await client.PatchAsJsonAsync($"/api/v1/contacts/{hidden}", new { displayName = "Renamed", optedOut = true }))
                .AssertProblemAsync(HttpStatusCode.NotFound, "contacts.not_found");
        }

        await (await client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "contacts.not_found");
        Assert.Equal(0, await fixture.Database.QueryAsync(db => db.Contacts.CountAsync(c => (c.Id == theirs || c.Id == noConversation) && (c.DisplayName != null || c.OptedOut))));
        Assert.Equal(4, await fixture.Database.QueryAsync(db => db.AuditLogs.CountAsync(a =>
            a.ActorId == supervisor.Id.ToString() && a.TargetType == "contact" && a.Outcome == AuditOutcome.Denied && a.Reason == "out_of_queue")));
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/contacts/{noConversation}")).StatusCode);
    }
}
