using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Persistence.Search;

namespace WhatsSuite.Api.IntegrationTests.Contacts;

/// <summary>Contacts created by inbound messages, listed, searched and edited by ADMIN and SUPERVISOR.</summary>
public sealed class ContactsTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private static readonly string[] MixedTags = ["VIP", " vip ", "wholesale"];

    private WhatsSuiteApp App => fixture.App;

    /// <summary>A term no other contact holds, without digits: three digits of a term are also looked up in the numbers.</summary>
    private static string LetterTag() => new(Random.Shared.GetItems("bcdfghjklmnpqrstvwxz".AsSpan(), 10));

    private async Task<(string WaId, Guid Id)> InboundContactAsync(string name)
    {
        var connectionId = await App.SeedConnectionAsync();
        var waId = $"4479{Random.Shared.Next(10_000_000, 99_999_999)}";
        using var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostWebhookAsync(connectionId, Webhooks.MetaPayloads.Text($"wamid.{Guid.NewGuid():N}", "hello", waId, name))).StatusCode);
        await App.WaitForInboxDrainedAsync();
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var list = await (await admin.GetAsync($"/api/v1/contacts?q={waId}")).ReadJsonAsync();
        return (waId, list.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task List_SearchByNameOrDigits_FindsTheContact()
    {
        var name = $"Zoe {Guid.NewGuid():N}"[..16];
        var (waId, id) = await InboundContactAsync(name);
        var supervisor = await App.CreateSignedInUserAsync(fixture.AdminToken, "SUPERVISOR");
        using var client = App.CreateClient().WithBearer(supervisor.Token);

        var byName = await (await client.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString(name.ToUpperInvariant())}")).ReadJsonAsync();
        var byDigits = await (await client.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString("+" + waId[..4] + " " + waId[4..])}")).ReadJsonAsync();

        Assert.Equal(id, Assert.Single(byName.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var found = Assert.Single(byDigits.GetProperty("items").EnumerateArray());
        Assert.Equal((waId, name, name), (found.GetProperty("waId").GetString(), found.GetProperty("name").GetString(), found.GetProperty("profileName").GetString()));
        Assert.False(found.GetProperty("optedOut").GetBoolean());
    }

    [Fact]
    public async Task List_SearchByNumber_MatchesTheWholeNumberNotOnlyItsLastDigits()
    {
        // The index is asked for the number's last six digits; the whole number is then checked on what it finds (ADR 0059).
        var seeder = new ConversationSeeder(App, fixture.AdminToken);
        var (middle, tail) = (Random.Shared.Next(1000, 9999), Random.Shared.Next(100_000, 999_999));
        var wanted = await seeder.ContactAsync(waId: $"44791{middle}{tail}");
        var sameTail = await seeder.ContactAsync(waId: $"44792{middle}{tail}");
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);

        var byNumber = await (await admin.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString($"+44 791 {middle} {tail}")}")).ReadJsonAsync();
        var byTail = await (await admin.GetAsync($"/api/v1/contacts?q={tail}")).ReadJsonAsync();

        Assert.Equal(wanted, Assert.Single(byNumber.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal((1, false), (byNumber.GetProperty("totalCount").GetInt32(), byNumber.GetProperty("totalCountCapped").GetBoolean()));
        Assert.Equal(new[] { wanted, sameTail }.Order(), byTail.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Order());
    }

    [Fact]
    public async Task List_SearchWithoutAccentsOrInCapitals_FindsTheAccentedName()
    {
        // One normalization for every search (ADR 0060): customers' names are written "María", "MARIA" or "maria".
        var tag = LetterTag();
        var (_, id) = await InboundContactAsync($"Iñés Peña-Álvarez {tag}");
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);

        foreach (var q in new[] { $"ines pena-alvarez {tag}", $"ÍÑÉS PEÑA-ÁLVAREZ {tag.ToUpperInvariant()}", $"alvarez {tag}" })
        {
            var found = await (await admin.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString(q)}")).ReadJsonAsync();
            Assert.Contains(id, found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        }

        var elsewhere = await (await admin.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString($"pena {tag} ines")}")).ReadJsonAsync();
        Assert.Equal(0, elsewhere.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task List_SearchAfterTheDisplayNameChanges_FindsTheNewNameAndNotTheOld()
    {
        var tag = LetterTag();
        var (_, id) = await InboundContactAsync($"Profile {tag}");
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { displayName = $"Señora Old {tag}" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { displayName = $"Señora Nueva {tag}" })).StatusCode);

        async Task<List<Guid>> SearchAsync(string q) =>
            (await (await admin.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString(q)}")).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

        Assert.Equal([id], await SearchAsync($"senora nueva {tag}"));
        Assert.Empty(await SearchAsync($"senora old {tag}"));
        Assert.Equal([id], await SearchAsync($"profile {tag}"));
    }

    [Fact]
    public async Task List_ContactsStoredBeforeTheirSearchText_AreFoundOnceTheStartUpBackfillRan()
    {
        var tag = LetterTag();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await InboundContactAsync($"Joaquín {tag} {i}")).Id);
        }

        await fixture.Database.QueryAsync(db => db.Contacts.Where(c => ids.Contains(c.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(c => EF.Property<string?>(c, ContactSearchText.Property), (string?)null)));
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var before = await (await admin.GetAsync($"/api/v1/contacts?q=joaquin%20{tag}")).ReadJsonAsync();

        await using (var scope = App.Services.CreateAsyncScope())
        {
            Assert.True(await ContactSearchBackfill.RunAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), CancellationToken.None) >= ids.Count);
        }

        var after = await (await admin.GetAsync($"/api/v1/contacts?q=joaquin%20{tag}")).ReadJsonAsync();
        Assert.Equal(0, before.GetProperty("totalCount").GetInt32());
        Assert.Equal(ids.Order(), after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Order());
        Assert.Equal(0, await fixture.Database.QueryAsync(db => db.Contacts.CountAsync(c => EF.Property<string?>(c, ContactSearchText.Property) == null)));
    }

    [Fact]
    public async Task List_SearchBeyondTheTimeBudget_Returns422AndTheStatementIsCancelled()
    {
        await InboundContactAsync($"Budget {LetterTag()}");

        // A search that cannot finish within the budget (here: the table is locked by a schema change in progress).
        await using var blocker = new NpgsqlConnection(fixture.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockCommand = new NpgsqlCommand("LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        var response = await admin.GetAsync($"/api/v1/contacts?q={LetterTag()}");
        await using (var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%contacts.list%'", blocker, transaction))
        {
            // The budget cancelled the statement in the database too: nothing waits on the lock any more.
            Assert.Equal(0L, (long)(await waiting.ExecuteScalarAsync())!);
        }

        await transaction.RollbackAsync();
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "contacts.search_too_broad");
    }

    [Fact]
    public async Task Patch_DisplayNameTagsAndOptOut_ChangesOnlyWhatIsGiven()
    {
        var (_, id) = await InboundContactAsync("Carla");
        using var client = App.CreateClient().WithBearer(fixture.AdminToken);

        var patched = await client.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { displayName = "Carla (VIP)", tags = MixedTags, optedOut = true });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.ReadJsonAsync();
        Assert.Equal("Carla (VIP)", body.GetProperty("name").GetString());
        Assert.Equal("vip,wholesale", string.Join(',', body.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        Assert.True(body.GetProperty("optedOut").GetBoolean());

        var cleared = await (await client.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { displayName = "" })).ReadJsonAsync();
        Assert.Equal("Carla", cleared.GetProperty("name").GetString());
        Assert.Equal(2, cleared.GetProperty("tags").GetArrayLength());
        Assert.True(cleared.GetProperty("optedOut").GetBoolean());

        var optedOut = await (await client.GetAsync("/api/v1/contacts?optedOut=true&pageSize=100")).ReadJsonAsync();
        Assert.Contains(optedOut.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        var fetched = await (await client.GetAsync($"/api/v1/contacts/{id}")).ReadJsonAsync();
        Assert.Equal("Carla", fetched.GetProperty("profileName").GetString());
        Assert.Equal(2, await fixture.App.QueryAsync(db => db.AuditLogs.CountAsync(a =>
            a.Action == "UpdateContact" && a.Outcome == AuditOutcome.Success && a.TargetType == "contact" && a.TargetId == id.ToString())));
    }

    [Fact]
    public async Task Patch_InvalidInput_Answers400AndChangesNothing()
    {
        var (_, id) = await InboundContactAsync("Dora");
        using var client = App.CreateClient().WithBearer(fixture.AdminToken);

        foreach (var body in new object[]
        {
            new { tags = Enumerable.Range(0, 21).Select(i => $"t{i}").ToArray() },
            new { tags = new[] { "<script>" } },
            new { tags = new[] { new string('a', 41) } },
            new { tags = new[] { " " } },
            new { displayName = new string('x', 121) },
            new { displayName = "bad\u0007name" },
        })
        {
            var response = await client.PatchAsJsonAsync($"/api/v1/contacts/{id}", body);
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        var fetched = await (await client.GetAsync($"/api/v1/contacts/{id}")).ReadJsonAsync();
        Assert.Equal(0, fetched.GetProperty("tags").GetArrayLength());
        Assert.Equal("Dora", fetched.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("+1 2")]
    [InlineData(" a.b ")]
    public async Task List_SearchOfFewerThanThreeLettersOrDigits_Answers400(string q)
    {
        using var client = App.CreateClient().WithBearer(fixture.AdminToken);

        await (await client.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString(q)}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Get_UnknownContact_Answers404()
    {
        using var client = App.CreateClient().WithBearer(fixture.AdminToken);

        await (await client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "contacts.not_found");
    }

    [Fact]
    public async Task Contacts_Agent_Gets403()
    {
        var agent = await App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var client = App.CreateClient().WithBearer(agent.Token);

        await (await client.GetAsync("/api/v1/contacts")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PatchAsJsonAsync($"/api/v1/contacts/{Guid.NewGuid()}", new { optedOut = true })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task List_TotalOfAnAdmin_FollowsInsertOptOutAndDeleteThroughTheCounters()
    {
        var seeder = new ConversationSeeder(App, fixture.AdminToken);
        var kept = await seeder.ContactAsync();
        var optedOut = await seeder.ContactAsync(optedOut: true);
        var deleted = await seeder.ContactAsync();
        var marketing = await seeder.ContactAsync();
        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/contacts/{kept}", new { optedOut = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/contacts/{optedOut}", new { optedOut = false })).StatusCode);
        // Straight to the table (no command), so only the database's triggers keep the counts.
        await fixture.Database.QueryAsync(db => db.Contacts.Where(c => c.Id == marketing).ExecuteUpdateAsync(set => set.SetProperty(c => c.MarketingOptedOut, true)));
        await fixture.Database.QueryAsync(db => db.Contacts.Where(c => c.Id == deleted).ExecuteDeleteAsync());

        await AssertTotalsAsync(admin);
    }

    [Fact]
    public async Task List_TotalOfAnAdmin_CountsContactsCreatedAndChangedInConcurrentTransactions()
    {
        var seeder = new ConversationSeeder(App, fixture.AdminToken);

        var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => seeder.ContactAsync(optedOut: i % 3 == 0)));
        await Task.WhenAll(created.Take(20).Select(id => fixture.Database.QueryAsync(db =>
            db.Contacts.Where(c => c.Id == id).ExecuteUpdateAsync(set => set.SetProperty(c => c.OptedOut, c => !c.OptedOut).SetProperty(c => c.MarketingOptedOut, true)))));

        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        await AssertTotalsAsync(admin);
    }

    [Fact]
    public async Task List_TotalOfASupervisor_FollowsConversationsCreatedMovedMergedAndDeleted()
    {
        var seeder = new ConversationSeeder(App, fixture.AdminToken);
        var (mine, other) = (await seeder.QueueAsync(), await seeder.QueueAsync());
        var supervisor = await seeder.UserAsync("SUPERVISOR", mine);
        var (first, second) = (await seeder.ConnectionAsync([mine, other]), await seeder.ConnectionAsync([mine, other]));
        var (both, moved, withoutQueue, merged, into) = (await seeder.ContactAsync(), await seeder.ContactAsync(), await seeder.ContactAsync(), await seeder.ContactAsync(), await seeder.ContactAsync(optedOut: true));
        await seeder.ConversationAsync(first, mine, contactId: both);
        var bothElsewhere = await seeder.ConversationAsync(second, other, contactId: both);
        var movedConversation = await seeder.ConversationAsync(first, other, contactId: moved);
        var withoutQueueConversation = await seeder.ConversationAsync(first, null, contactId: withoutQueue);
        var mergedConversation = await seeder.ConversationAsync(first, other, contactId: merged);
        using var client = App.CreateClient().WithBearer(supervisor.Token);
        await AssertSupervisorTotalsAsync(client, mine);

        // Straight to the table (no command), so only the database's triggers keep the list of each queue's contacts.
        await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == movedConversation).ExecuteUpdateAsync(set => set.SetProperty(c => c.QueueId, mine)));
        await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == mergedConversation).ExecuteUpdateAsync(set => set.SetProperty(c => c.ContactId, into).SetProperty(c => c.QueueId, mine)));
        await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == withoutQueueConversation || c.Id == bothElsewhere).ExecuteDeleteAsync());
        await AssertSupervisorTotalsAsync(client, mine);

        var kept = await fixture.Database.ScalarAsync<long>(
            """
            SELECT count(*) FROM (
                SELECT queue_key, contact_id, conversations FROM conversation_queue_contacts
                EXCEPT SELECT coalesce(queue_id, '00000000-0000-0000-0000-000000000000'::uuid), contact_id, count(*)::int FROM conversations GROUP BY 1, 2) AS differing
            """);
        Assert.Equal(0, kept);
    }

    /// <summary>A SUPERVISOR's total under each filter equals a count of the contacts with a conversation they see.</summary>
    private async Task AssertSupervisorTotalsAsync(HttpClient supervisor, Guid queue)
    {
        foreach (var optedOut in new bool?[] { null, true, false })
        {
            var page = await (await supervisor.GetAsync($"/api/v1/contacts?pageSize=1{(optedOut is { } o ? $"&optedOut={o.ToString().ToLowerInvariant()}" : string.Empty)}")).ReadJsonAsync();
            var expected = await fixture.Database.QueryAsync(db => db.Contacts.CountAsync(c =>
                (optedOut == null || c.OptedOut == optedOut) && db.Conversations.Any(v => v.ContactId == c.Id && (v.QueueId == null || v.QueueId == queue))));
            Assert.Equal((optedOut, expected), (optedOut, page.GetProperty("totalCount").GetInt32()));
        }
    }

    [Fact]
    public async Task ContactCounters_OppositeChangesInConcurrentTransactions_NeitherDeadlocksNorMiscounts()
    {
        var seeder = new ConversationSeeder(App, fixture.AdminToken);
        var (deletedByA, deletedByB) = (await seeder.ContactAsync(), await seeder.ContactAsync(optedOut: true));
        var (optedInByA, optedOutByB) = (await seeder.ContactAsync(optedOut: true), await seeder.ContactAsync());
        await using var a = await OpenTransactionAsync();
        await using var b = await OpenTransactionAsync();

        // Counted at each statement rather than at commit, so that the two transactions interleave here: A takes the
        // not-opted-out row first, B the opted-out one, then each moves a contact the other way. Taken in that order
        // without the trigger's lock of all four rows in key order, each would wait for the other until PostgreSQL
        // aborted one (40P01).
        await ChangeAsync(a, deletedByA, optedOut: null);
        var second = Task.Run(async () =>
        {
            await ChangeAsync(b, deletedByB, optedOut: null);
            await ChangeAsync(b, optedOutByB, optedOut: true);
            await b.Transaction.CommitAsync();
        });
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await ChangeAsync(a, optedInByA, optedOut: false);
        await a.Transaction.CommitAsync();
        await second;

        using var admin = App.CreateClient().WithBearer(fixture.AdminToken);
        await AssertTotalsAsync(admin);
    }

    private sealed record OpenTransaction(Npgsql.NpgsqlConnection Connection, Npgsql.NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private async Task<OpenTransaction> OpenTransactionAsync()
    {
        var connection = new Npgsql.NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var immediate = new Npgsql.NpgsqlCommand("SET CONSTRAINTS contacts_counts IMMEDIATE; SET LOCAL lock_timeout = '20s'", connection, transaction);
        await immediate.ExecuteNonQueryAsync();
        return new OpenTransaction(connection, transaction);
    }

    /// <summary>Deletes the contact (<paramref name="optedOut"/> null) or sets its opt-out flag.</summary>
    private static async Task ChangeAsync(OpenTransaction open, Guid id, bool? optedOut)
    {
        await using var command = optedOut is { } flag
            ? new Npgsql.NpgsqlCommand("UPDATE contacts SET opted_out = @flag WHERE id = @id", open.Connection, open.Transaction) { Parameters = { new("flag", flag) } }
            : new Npgsql.NpgsqlCommand("DELETE FROM contacts WHERE id = @id", open.Connection, open.Transaction);
        command.Parameters.AddWithValue("id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Every filter's total equals a count of the table, and the search's total (counted) agrees.</summary>
    private async Task AssertTotalsAsync(HttpClient admin)
    {
        foreach (var (optedOut, marketingOptedOut) in new (bool?, bool?)[] { (null, null), (true, null), (false, null), (null, true), (null, false), (true, true), (false, false) })
        {
            var query = string.Join('&', new[] { optedOut is { } o ? $"optedOut={o.ToString().ToLowerInvariant()}" : null, marketingOptedOut is { } m ? $"marketingOptedOut={m.ToString().ToLowerInvariant()}" : null }.OfType<string>());
            var page = await (await admin.GetAsync($"/api/v1/contacts?pageSize=1&{query}")).ReadJsonAsync();
            var expected = await fixture.Database.QueryAsync(db => db.Contacts.CountAsync(c =>
                (optedOut == null || c.OptedOut == optedOut) && (marketingOptedOut == null || c.MarketingOptedOut == marketingOptedOut)));
            Assert.Equal((query, expected), (query, page.GetProperty("totalCount").GetInt32()));
        }
    }
}
