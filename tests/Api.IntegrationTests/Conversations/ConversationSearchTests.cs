using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Conversations;

namespace WhatsSuite.Api.IntegrationTests.Conversations;

/// <summary>The desk search (accents, case, limits, the time budget) and the trigger-kept CLOSED counters on PostgreSQL.</summary>
public sealed class ConversationSearchTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private ConversationSeeder Seeder { get; } = new(fixture.App, fixture.AdminToken);

    private async Task<List<Guid>> ListIdsAsync(string query)
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var response = await admin.GetAsync($"/api/v1/conversations?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }

    [Theory]
    [InlineData("envio")]
    [InlineData("ENVIO")]
    [InlineData("envío")]
    [InlineData("ENVÍO llegó")]
    public async Task List_SearchAccentOrCaseVariant_FindsTheMessage(string term)
    {
        var queue = await Seeder.QueueAsync();
        var connection = await Seeder.ConnectionAsync([queue]);
        var withAccent = await Seeder.ConversationAsync(connection, queue);
        await Seeder.MessageAsync(withAccent, connection, "Mi envío no llegó todavía");
        var without = await Seeder.ConversationAsync(connection, queue);
        await Seeder.MessageAsync(without, connection, "EL ENVIO LLEGO ROTO");
        var neither = await Seeder.ConversationAsync(connection, queue);
        await Seeder.MessageAsync(neither, connection, "Quiero cambiar la dirección");

        var found = await ListIdsAsync($"connectionId={connection}&search={Uri.EscapeDataString(term)}");

        // Every word of the term, in any order: "envío llegó" finds both ("envío no llegó" too).
        Assert.Equal(new[] { without, withAccent }.OrderBy(i => i), found.OrderBy(i => i));
    }

    [Fact]
    public async Task List_SearchMessageText_MatchesWholeWordsAndPrefixesNotPartsOfWords()
    {
        var queue = await Seeder.QueueAsync();
        var connection = await Seeder.ConnectionAsync([queue]);
        var words = await Seeder.ConversationAsync(connection, queue);
        await Seeder.MessageAsync(words, connection, "Quiero una ZANAHORIA, ¿dónde está mi envío?😊gracias");
        var longer = await Seeder.ConversationAsync(connection, queue);
        await Seeder.MessageAsync(longer, connection, "Lo del reenvío ya está listo");
        var contact = await Seeder.ConversationAsync(connection, queue, contactId: await Seeder.ContactAsync(profileName: "Mariana Reenviadora"));

        async Task<List<Guid>> Search(string term) => (await ListIdsAsync($"connectionId={connection}&search={Uri.EscapeDataString(term)}")).Order().ToList();

        // A whole word, whatever its case and accents, and the words next to punctuation and emoji.
        Assert.Equal([words], await Search("envio"));
        Assert.Equal([words], await Search("ENVÍO"));
        Assert.Equal([words], await Search("donde"));
        Assert.Equal([words], await Search("gracias"));
        // The last word of the term also as a word prefix; every word is required, in any order.
        Assert.Equal([words], await Search("zanah"));
        Assert.Equal([words], await Search("envío zanah"));
        Assert.Equal(new[] { words, longer }.Order().ToList(), await Search("esta"));
        Assert.Empty(await Search("zanahoria reenvio"));
        // A word inside a longer word of a message is not a match (the search's meaning, ADR 0045)...
        Assert.Empty(await Search("anahoria"));
        Assert.Equal([longer], await Search("reenvio"));
        // ...while the contact's names and number still match any part.
        Assert.Equal([contact], await Search("ariana"));
        Assert.Equal([contact], await Search("envia"));
    }

    [Fact]
    public async Task List_SearchContactNameWithoutAccents_FindsTheContact()
    {
        var queue = await Seeder.QueueAsync();
        var connection = await Seeder.ConnectionAsync([queue]);
        var id = await Seeder.ConversationAsync(connection, queue, contactId: await Seeder.ContactAsync(profileName: "José Peña Núñez"));

        Assert.Equal([id], await ListIdsAsync($"connectionId={connection}&search=jose%20pena"));
        Assert.Equal([id], await ListIdsAsync($"connectionId={connection}&search=N%C3%9A%C3%91EZ"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("%20a%20%20")]
    [InlineData("%C3%A9!%3F")]
    [InlineData("%2B54")]
    public async Task List_SearchTooShort_Returns400(string term)
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var response = await admin.GetAsync($"/api/v1/conversations?search={term}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("at least 3", problem.GetProperty("errors").GetProperty("search")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_SearchBeyondTheTimeBudget_Returns422NotA5xx()
    {
        var queue = await Seeder.QueueAsync();
        var connection = await Seeder.ConnectionAsync([queue]);
        await Seeder.ConversationAsync(connection, queue);

        // A search that cannot finish within the budget (here: its index is locked by a schema change in progress).
        await using var blocker = new NpgsqlConnection(fixture.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockCommand = new NpgsqlCommand("LOCK TABLE conversation_search_documents IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var response = await admin.GetAsync($"/api/v1/conversations?connectionId={connection}&search=hola");
        await transaction.RollbackAsync();

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "conversations.search_too_broad");
    }

    [Fact]
    public async Task Summary_ClosedCounter_FollowsCloseReopenTransferAndDelete()
    {
        var q1 = await Seeder.QueueAsync();
        var q2 = await Seeder.QueueAsync();
        var supervisor = await Seeder.UserAsync("SUPERVISOR", q1);
        var connection = await Seeder.ConnectionAsync([q1, q2]);
        var closedQ1 = await Seeder.ConversationAsync(connection, q1, ConversationStatus.CLOSED);
        await Seeder.ConversationAsync(connection, q1, ConversationStatus.CLOSED);
        var closedQ2 = await Seeder.ConversationAsync(connection, q2, ConversationStatus.CLOSED);
        var open = await Seeder.ConversationAsync(connection, q1);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        using var supervisorClient = fixture.App.CreateClient().WithBearer(supervisor.Token);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/conversations/{closedQ1}/reopen", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/conversations/{open}/close", null)).StatusCode);
        // Straight to the table (no command), so only the database's triggers keep the counts.
        await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == open).ExecuteUpdateAsync(set => set.SetProperty(c => c.QueueId, q2)));
        await fixture.Database.QueryAsync(db => db.Conversations.Where(c => c.Id == closedQ2).ExecuteDeleteAsync());

        var summary = await (await supervisorClient.GetAsync("/api/v1/conversations/summary")).ReadJsonAsync();
        var adminSummary = await (await admin.GetAsync("/api/v1/conversations/summary")).ReadJsonAsync();

        // q1: one closed seeded (the other was reopened); q2: the closed one moved there, the deleted one gone.
        Assert.Equal(1, summary.GetProperty("closed").GetInt32());
        Assert.Equal(
            await fixture.Database.QueryAsync(db => db.Conversations.LongCountAsync(c => c.Status == ConversationStatus.CLOSED)),
            adminSummary.GetProperty("closed").GetInt64());
        Assert.Equal(
            await fixture.Database.QueryAsync(db => db.Conversations.LongCountAsync(c => c.Status == ConversationStatus.CLOSED && c.QueueId == q2)),
            await fixture.Database.ScalarAsync<long>("SELECT count FROM conversation_closed_counts WHERE queue_key = @q2", ("q2", q2)));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count FROM conversation_closed_counts WHERE queue_key = @q2", ("q2", q2)));
    }
}
