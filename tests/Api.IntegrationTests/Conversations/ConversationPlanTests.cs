using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WhatsSuite.Api.IntegrationTests.OpenApi;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Application.Dashboards.RefreshDashboardRollups;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Conversations;

/// <summary>
/// Every list, filter, search and counter shape of the desk is answered from an index: on a seeded and analysed
/// database (the benchmark's generator, bench/scale/generate.sql, at a smaller size), the plan of each desk query the
/// API runs (recorded by <see cref="PlanRecorder"/> with EXPLAIN on the same connection and parameters) has no
/// sequential scan of conversations, messages or search documents.
/// </summary>
public sealed partial class ConversationPlanTests(ConversationPlanTests.Fixture fixture) : IClassFixture<ConversationPlanTests.Fixture>
{
    private static readonly string[] LargeTables = ["conversations", "messages", "conversation_search_documents"];

    public static TheoryData<string, string> ListShapes => new()
    {
        { "ADMIN", "/api/v1/conversations" },
        { "ADMIN", "/api/v1/conversations?status=UNASSIGNED" },
        { "ADMIN", "/api/v1/conversations?status=OPEN" },
        { "ADMIN", "/api/v1/conversations?status=CLOSED" },
        { "ADMIN", "/api/v1/conversations?queueId={queue}" },
        { "ADMIN", "/api/v1/conversations?assigneeId={agent}" },
        { "ADMIN", "/api/v1/conversations?connectionId={connection}" },
        { "ADMIN", "/api/v1/conversations?status=OPEN&queueId={queue}" },
        { "ADMIN", "/api/v1/conversations?cursor={deep}" },
        { "ADMIN", "/api/v1/conversations?search=zanahoria" },
        { "ADMIN", "/api/v1/conversations?search=5491100001" },
        { "ADMIN", "/api/v1/conversations?search=zanahoria&status=CLOSED" },
        { "ADMIN", "/api/v1/conversations?search=zanah" },
        { "ADMIN", "/api/v1/conversations?search=envio" },
        { "ADMIN", "/api/v1/conversations?search=zanahoria&cursor={deep}" },
        { "ADMIN", "/api/v1/conversations?search=pimiento&limit=5" },
        { "ADMIN", "/api/v1/conversations?search=pimiento&limit=5&cursor={deep}" },
        { "SUPERVISOR", "/api/v1/conversations" },
        { "SUPERVISOR", "/api/v1/conversations?status=UNASSIGNED" },
        { "SUPERVISOR", "/api/v1/conversations?queueId={queue}" },
        { "SUPERVISOR", "/api/v1/conversations?cursor={deep}" },
        { "SUPERVISOR", "/api/v1/conversations?search=zanahoria" },
        { "SUPERVISOR", "/api/v1/conversations?search=envio" },
        { "SUPERVISOR", "/api/v1/conversations?search=pimiento&limit=5" },
        { "AGENTE", "/api/v1/conversations" },
        { "AGENTE", "/api/v1/conversations?status=UNASSIGNED" },
        { "AGENTE", "/api/v1/conversations?search=zanahoria" },
        { "AGENTE", "/api/v1/conversations?search=envio" },
        { "AGENTE", "/api/v1/conversations?search=pimiento&limit=5" },
        { "ADMIN", "/api/v1/conversations/summary" },
        { "SUPERVISOR", "/api/v1/conversations/summary" },
        { "AGENTE", "/api/v1/conversations/summary" },
    };

    [Theory]
    [MemberData(nameof(ListShapes))]
    public async Task Plan_DeskQueryShape_UsesIndexesOnly(string role, string pathTemplate)
    {
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync(role));
        var path = await PathAsync(client, pathTemplate);

        fixture.Recorder.Start();
        var response = await client.GetAsync(path);
        var plans = fixture.Recorder.Stop();

        // A search on a machine loaded far beyond its cores may run out of its time budget (422); its plans were
        // recorded before it ran, so they are checked all the same.
        Assert.True(
            response.StatusCode == HttpStatusCode.OK || (path.Contains("search=", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.UnprocessableEntity),
            $"GET {path} answered {(int)response.StatusCode}");
        Assert.NotEmpty(plans);
        foreach (var (sql, plan) in plans)
        {
            var scanned = SequentialScans(plan).Intersect(LargeTables).ToList();
            Assert.True(scanned.Count == 0, $"GET {path} ({role}) scans {string.Join(", ", scanned)} sequentially:\n{sql}\n{plan}");
        }
    }

    public static TheoryData<string, string> DashboardShapes => new()
    {
        { "ADMIN", "/api/v1/dashboard/overview" },
        { "ADMIN", "/api/v1/dashboard/overview?from={from}&to={to}&tz=America/Mexico_City" },
        { "ADMIN", "/api/v1/dashboard/overview?queueId={queue}&from={from}&to={to}" },
        { "ADMIN", "/api/v1/dashboard/daily?from={from}&to={to}&tz=Europe/Madrid" },
        { "ADMIN", "/api/v1/dashboard/queues?from={from}&to={to}" },
        { "ADMIN", "/api/v1/dashboard/agents?from={from}&to={to}" },
        { "ADMIN", "/api/v1/dashboard/drilldown?level=agent&from={from}&to={to}" },
        { "ADMIN", "/api/v1/dashboard/drilldown?level=connection&from={from}&to={to}" },
        { "ADMIN", "/api/v1/dashboard/drilldown?level=hour&from={from}&to={to}" },
        { "ADMIN", "/api/v1/dashboard/drilldown?level=day&from={from}&to={to}" },
        { "ADMIN", "/api/v1/dashboard/drilldown?level=queue&from={from}&to={to}" },
        { "ADMIN", "/api/v1/dashboard/drilldown?level=status" },
        { "ADMIN", "/api/v1/dashboard/drilldown?level=message_type&from={from}&to={to}" },
        { "SUPERVISOR", "/api/v1/dashboard/overview?from={from}&to={to}" },
        { "SUPERVISOR", "/api/v1/dashboard/queues?from={from}&to={to}" },
        { "SUPERVISOR", "/api/v1/dashboard/agents?from={from}&to={to}" },
        { "SUPERVISOR", "/api/v1/dashboard/drilldown?level=hour&from={from}&to={to}" },
    };

    [Theory]
    [MemberData(nameof(DashboardShapes))]
    public async Task Plan_DashboardView_NeverReadsMessagesNorScansLargeTables(string role, string pathTemplate)
    {
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync(role));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var path = pathTemplate
            .Replace("{queue}", fixture.QueueId.ToString(), StringComparison.Ordinal)
            .Replace("{from}", today.AddDays(-29).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{to}", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        fixture.Recorder.Start();
        var response = await client.GetAsync(path);
        var plans = fixture.Recorder.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(plans);
        foreach (var (sql, plan) in plans)
        {
            Assert.True(!Relations(plan).Contains("messages"), $"GET {path} ({role}) reads messages:\n{sql}\n{plan}");
            var scanned = SequentialScans(plan).Intersect(LargeTables).ToList();
            Assert.True(scanned.Count == 0, $"GET {path} ({role}) scans {string.Join(", ", scanned)} sequentially:\n{sql}\n{plan}");
        }
    }

    [Theory]
    [InlineData("ADMIN", "/api/v1/contacts")]
    [InlineData("ADMIN", "/api/v1/contacts?page=3&pageSize=100")]
    [InlineData("ADMIN", "/api/v1/contacts?optedOut=false")]
    [InlineData("SUPERVISOR", "/api/v1/contacts")]
    public async Task Plan_ContactsPage_IsReadInNameOrderFromItsIndex(string role, string path)
    {
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync(role));

        fixture.Recorder.Start();
        var response = await client.GetAsync(path);
        var plans = fixture.Recorder.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (sql, plan) = Assert.Single(plans, p => p.Sql.Contains("ORDER BY lower(", StringComparison.Ordinal));
        Assert.True(Indexes(plan).Contains("ix_contacts_list_order"), $"GET {path} ({role}) sorts the contacts instead of reading their order:\n{sql}\n{plan}");
    }

    [Theory]
    [InlineData("ADMIN", "zanahoria")]
    [InlineData("ADMIN", "5491100000123")]
    [InlineData("SUPERVISOR", "zanahoria")]
    public async Task Plan_ContactsSearch_FindsItsMatchesInTheTrigramIndexes(string role, string term)
    {
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync(role));

        fixture.Recorder.Start();
        var response = await client.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString(term)}");
        var plans = fixture.Recorder.Stop();

        // Every arm of the names-or-number filter is answered by its trigram index (ADRs 0058 and 0060): neither the page
        // nor its total reads every contact.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var searched = plans.Where(p => p.Sql.Contains("LIKE", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, searched.Count);
        foreach (var (sql, plan) in searched)
        {
            Assert.True(Indexes(plan).Contains("ix_contacts_search_text_trgm"), $"q={term} ({role}) does not use the searchable text's trigram index:\n{sql}\n{plan}");
            Assert.True(!SequentialScans(plan).Contains("contacts"), $"q={term} ({role}) reads every contact:\n{sql}\n{plan}");
            Assert.True(
                Indexes(plan).Contains("ix_contacts_wa_id_search_trgm") == term.Any(char.IsAsciiDigit),
                $"q={term} ({role}) does not look the number up in its trigram index, or does without digits:\n{sql}\n{plan}");
        }
    }

    [Theory]
    [InlineData("force_custom_plan")]
    [InlineData("force_generic_plan")]
    public async Task Plan_ContactsLookedUpByNumber_UseTheNumbersUniqueIndexNotItsTrigrams(string planCacheMode)
    {
        // The campaign batch, the campaign audience and the webhook's contact resolver look contacts up by number, as here
        // (the shape NullGuardedContainsTests keeps). pg_trgm answers equality too, and numbers share most of their
        // trigrams: PostgreSQL once took the number's trigram index for 2,000 numbers and read 660,000 pages for them
        // (ADR 0062). Planned for the numbers at hand and for any numbers (a prepared statement's generic plan). The trigram
        // index is on lower(wa_id) now, an expression a lookup does not write (IndexesOutsideTheModelTests checks it), so
        // no data can make it the plan; on this data set the planner did not take the old one either.
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var known = await db.Contacts.Where(c => c.WaId != null).OrderBy(c => c.Id).Select(c => c.WaId!).Take(1000).ToListAsync();
        Assert.Equal(1000, known.Count);
        Assert.All(known, n => Assert.True(n.All(char.IsAsciiDigit), n));

        // Half of them known, half new numbers of the same country and area, as in a campaign to a bought list.
        var numbers = known.Concat(Enumerable.Range(0, 1000).Select(i => (5491199000000L + i).ToString(CultureInfo.InvariantCulture))).ToList();
        await using var lookup = db.Contacts.Where(c => c.WaId != null && numbers.Contains(c.WaId)).Select(c => c.Id).CreateDbCommand();
        var sql = lookup.CommandText.Replace("@numbers", "$1", StringComparison.Ordinal);

        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
#pragma warning disable CA2100 // The product's query with its parameter as $1, and digits only.
        await using var command = new NpgsqlCommand(
            $"SET plan_cache_mode = {planCacheMode}; PREPARE lookup(text[]) AS {sql}; EXPLAIN (FORMAT JSON) EXECUTE lookup('{{{string.Join(',', numbers)}}}')",
            connection);
#pragma warning restore CA2100
        var plan = (string)(await command.ExecuteScalarAsync())!;

        Assert.True(!Indexes(plan).Any(i => i.EndsWith("_trgm", StringComparison.Ordinal)), $"a lookup by number reads a trigram index:\n{sql}\n{plan}");
        if (planCacheMode == "force_generic_plan")
        {
            Assert.True(Indexes(plan).Contains("ix_contacts_wa_id"), $"a lookup by number planned for any numbers does not use the number's index:\n{sql}\n{plan}");
        }
    }

    [Theory]
    [InlineData("mar")]
    [InlineData("5491100")]
    public async Task Plan_ContactsSearchOfACommonTerm_CountsToTheCapAndWalksTheListIndex(string term)
    {
        var (pattern, digits) = ($"%{term}%", $"%{new string(term.Where(char.IsAsciiDigit).ToArray())}%");
        var expected = await fixture.Database.QueryAsync(db => db.Contacts
            .Where(c => EF.Functions.Like(EF.Property<string>(c, ContactSearchText.Property), pattern) || (digits != "%%" && EF.Functions.Like(c.WaId!, digits)))
            .OrderBy(c => (c.DisplayName ?? c.ProfileName ?? c.Username ?? c.WaId ?? c.UserId)!.ToLower()).ThenBy(c => c.Id)
            .Select(c => c.Id)
            .ToListAsync());
        Assert.True(expected.Count > PageTotal.Cap, $"the data set has {expected.Count} contacts matching '{term}', not more than the cap");
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync("ADMIN"));

        fixture.Recorder.Start();
        var response = await client.GetAsync($"/api/v1/contacts?q={term}&page=2");
        var plans = fixture.Recorder.Stop();

        // ADR 0059: the total stops at the cap, and a term this common finds its page by reading the list's index in name
        // order, not by fetching every match from the trigram indexes and sorting them.
        var body = await response.ReadJsonAsync();
        Assert.Equal((PageTotal.Cap, true), (body.GetProperty("totalCount").GetInt32(), body.GetProperty("totalCountCapped").GetBoolean()));
        Assert.Equal(expected.Skip(20).Take(20), body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var (sql, plan) = Assert.Single(plans, p => p.Sql.Contains("ORDER BY lower(", StringComparison.Ordinal));
        Assert.True(Indexes(plan).Contains("ix_contacts_list_order"), $"q={term} sorts its matches instead of reading the list's order:\n{sql}\n{plan}");
        Assert.True(!plan.Contains("\"Node Type\": \"Sort\"", StringComparison.Ordinal), $"q={term} sorts instead of walking the list:\n{sql}\n{plan}");
        Assert.True(!SequentialScans(plan).Contains("contacts"), $"q={term} reads every contact for its page:\n{sql}\n{plan}");

        // The total may read the table in any order when the term is this common, but stops at the cap's row.
        foreach (var (counting, countingPlan) in plans.Where(p => SequentialScans(p.Plan).Contains("contacts")))
        {
            Assert.True(counting.Contains("LIMIT", StringComparison.Ordinal) && countingPlan.Contains("\"Node Type\": \"Limit\"", StringComparison.Ordinal), $"q={term} reads every contact:\n{counting}\n{countingPlan}");
        }
    }

    [Fact]
    public async Task Plan_ContactsSearchOfACommonTermOnADeepPage_SortsItsMatchesFromTheTrigramIndexes()
    {
        const string term = "mar";
        var expected = await fixture.Database.QueryAsync(db => db.Contacts
            .Where(c => EF.Functions.Like(EF.Property<string>(c, ContactSearchText.Property), $"%{term}%"))
            .OrderBy(c => (c.DisplayName ?? c.ProfileName ?? c.Username ?? c.WaId ?? c.UserId)!.ToLower()).ThenBy(c => c.Id)
            .Select(c => c.Id)
            .ToListAsync());
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync("ADMIN"));

        fixture.Recorder.Start();
        var response = await client.GetAsync($"/api/v1/contacts?q={term}&page=40");
        var plans = fixture.Recorder.Stop();

        // Page 40 ends at the 800th match: at 10,000 contacts, 1,001 matches spread evenly would put it past the walk's
        // budget (ADR 0059), so the matches are fetched from the trigram indexes and sorted, for the same page.
        var body = await response.ReadJsonAsync();
        Assert.Equal(expected.Skip(780).Take(20), body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var (sql, plan) = Assert.Single(plans, p => p.Sql.Contains("ORDER BY lower(", StringComparison.Ordinal));
        Assert.True(Indexes(plan).Contains("ix_contacts_search_text_trgm"), $"the deep page does not use the trigram index:\n{sql}\n{plan}");
    }

    [Fact]
    public async Task Generator_Contacts_HoldTheSearchTextTheApplicationWrites()
    {
        // The benchmark's generator writes the contacts' searchable text in SQL (bench/scale/generate.sql); what its
        // searches and these plans measure holds only if that text is the application's own (ADR 0060).
        var names = await fixture.Database.QueryAsync(db => db.Contacts
            .Select(c => new { c.DisplayName, c.ProfileName, c.Username, c.UserId, Text = EF.Property<string?>(c, ContactSearchText.Property) })
            .Distinct()
            .ToListAsync());

        Assert.True(names.Count > 100, $"the data set has {names.Count} distinct contact names");
        Assert.All(names, n => Assert.Equal(ContactSearchText.Of(n.DisplayName, n.ProfileName, n.Username, n.UserId), n.Text));
    }

    [Fact]
    public async Task Plan_ContactsOfASupervisor_AreCheckedFromTheQueuesContactsAndCountedToTheCap()
    {
        var covered = await fixture.Database.ScalarAsync<long>(
            """
            SELECT count(DISTINCT c.contact_id) FROM conversations c
            WHERE c.queue_id IS NULL OR c.queue_id IN (
                SELECT m.queue_id FROM queue_members m JOIN users u ON u.id = m.user_id
                WHERE u.id = (SELECT id FROM users WHERE role = 'SUPERVISOR' ORDER BY email LIMIT 1))
            """);
        Assert.True(covered > PageTotal.Cap, $"the SUPERVISOR sees {covered} contacts, not more than the cap");
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync("SUPERVISOR"));

        fixture.Recorder.Start();
        var response = await client.GetAsync("/api/v1/contacts");
        var plans = fixture.Recorder.Stop();

        // ADR 0059: each contact of the page is checked against the trigger-kept list of which contacts each queue has,
        // by the contact, and the total reads no more of that list than the cap needs; no statement reads conversations.
        var body = await response.ReadJsonAsync();
        Assert.Equal((PageTotal.Cap, true), (body.GetProperty("totalCount").GetInt32(), body.GetProperty("totalCountCapped").GetBoolean()));
        Assert.Equal(20, body.GetProperty("items").GetArrayLength());
        var (sql, plan) = Assert.Single(plans, p => p.Sql.Contains("ORDER BY lower(", StringComparison.Ordinal));
        Assert.True(Indexes(plan).Contains("ix_conversation_queue_contacts_contact_id_queue_key"), $"the SUPERVISOR's page does not check its contacts by the contact:\n{sql}\n{plan}");
        foreach (var (statement, statementPlan) in plans)
        {
            Assert.True(!Relations(statementPlan).Contains("conversations"), $"the SUPERVISOR's contacts read conversations:\n{statement}\n{statementPlan}");
        }
    }

    [Theory]
    [InlineData("ADMIN", "zanahoria")]
    [InlineData("ADMIN", "zanah")]
    [InlineData("SUPERVISOR", "zanahoria")]
    [InlineData("AGENTE", "zanahoria")]
    public async Task Plan_WordSearch_FindsItsMatchesInTheWordIndex(string role, string term)
    {
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync(role));

        fixture.Recorder.Start();
        var response = await client.GetAsync($"/api/v1/conversations?search={term}");
        var plans = fixture.Recorder.Stop();

        // The message text is matched through the tsvector GIN index of the search documents (ADR 0045), never by
        // reading messages or rechecking the documents' text; nothing is scanned sequentially.
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"search={term} answered {(int)response.StatusCode}");
        Assert.Contains(plans, p => Indexes(p.Plan).Contains("ix_conversation_search_documents_message_words"));
        foreach (var (sql, plan) in plans)
        {
            Assert.True(!Relations(plan).Contains("messages"), $"search={term} ({role}) reads messages:\n{sql}\n{plan}");
            Assert.True(!Indexes(plan).Contains("ix_conversation_search_documents_message_text_trgm"), $"search={term} ({role}) uses the message text's trigram index:\n{plan}");
            var scanned = SequentialScans(plan).Intersect(LargeTables).ToList();
            Assert.True(scanned.Count == 0, $"search={term} ({role}) scans {string.Join(", ", scanned)} sequentially:\n{sql}\n{plan}");
        }
    }

    [Theory]
    [InlineData("", "ix_conversations_updated_at_id")]
    [InlineData("&queueId={queue}", "ix_conversations_queue_id_updated_at_id")]
    public async Task Plan_AdminSearchWithManyCandidatesPerRow_WalksTheListIndexWithoutReadingRows(string filter, string listIndex)
    {
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync("ADMIN"));

        fixture.Recorder.Start();
        var response = await client.GetAsync("/api/v1/conversations?search=pimiento&limit=5" + filter.Replace("{queue}", fixture.QueueId.ToString(), StringComparison.Ordinal));
        var plans = fixture.Recorder.Stop();

        // At least ten candidates per row of the page: the page is found by walking the list-order index of the filter
        // (docs/decisions/0050-search-page-by-bounded-walk.md), keys only, each row tested against the candidates.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(plans.Any(p => IndexOnlyScans(p.Plan).Contains(listIndex)), string.Join("\n\n", plans.Select(p => p.Sql + "\n" + p.Plan)));
    }

    [Theory]
    [InlineData("ADMIN", "")]
    [InlineData("ADMIN", "&status=CLOSED")]
    [InlineData("SUPERVISOR", "")]
    [InlineData("AGENTE", "")]
    public async Task Plan_CommonWordSearch_WalksTheListAndLooksUpEachDocumentWithoutTheWordIndex(string role, string filter)
    {
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync(role));

        fixture.Recorder.Start();
        var response = await client.GetAsync("/api/v1/conversations?search=envio" + filter);
        var plans = fixture.Recorder.Stop();

        // "envio" is in most documents, and the analysed statistics say so: each visible part of the list is walked in
        // order and each row's document looked up by its key (docs/decisions/0061-common-search-term-walks-the-list-first.md);
        // the word index, whose bitmap would hold most of the documents, is not read.
        var all = string.Join("\n\n", plans.Select(p => p.Sql + "\n" + p.Plan));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(plans, p => Indexes(p.Plan).Contains("pk_conversation_search_documents"));
        Assert.DoesNotContain(plans, p => Indexes(p.Plan).Contains("ix_conversation_search_documents_message_words"));
        Assert.True(plans.All(p => SequentialScans(p.Plan).Intersect(LargeTables).Any() is false), all);
    }

    public static TheoryData<string, string> PlannedOnceShapes => new()
    {
        { "ADMIN", "/api/v1/conversations" },
        { "ADMIN", "/api/v1/conversations?status=UNASSIGNED" },
        { "ADMIN", "/api/v1/conversations?queueId={queue}" },
        { "ADMIN", "/api/v1/conversations?cursor={deep}" },
        { "SUPERVISOR", "/api/v1/conversations" },
        { "SUPERVISOR", "/api/v1/conversations?cursor={deep}" },
        { "AGENTE", "/api/v1/conversations" },
    };

    [Theory]
    [MemberData(nameof(PlannedOnceShapes))]
    public async Task Plan_DeskListPreparedOnAConnection_IsPlannedOnceRatherThanOnEveryExecution(string role, string pathTemplate)
    {
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync(role));
        var path = await PathAsync(client, pathTemplate);

        fixture.Recorder.Start();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        fixture.Recorder.Stop();
        var lists = fixture.Recorder.Commands.Where(c => c.Sql.Contains("-- conversations.list", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lists);

        // Prepared as the instance prepares it (Npgsql's automatic preparation) and run ten times on one connection:
        // PostgreSQL plans the first five executions for their values, then keeps its generic plan unless that looks
        // dearer. A page size sent as a parameter (LIMIT $1) makes it look dearer, and every execution is planned again
        // (docs/decisions/0051-page-sizes-as-literals.md).
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        foreach (var (sql, parameters) in lists)
        {
#pragma warning disable CA2100 // The recorded command's own SQL, run again.
            await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
            command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            await command.PrepareAsync();
            for (var i = 0; i < 10; i++)
            {
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            }
        }

        await using var plans = new NpgsqlCommand("SELECT generic_plans, custom_plans, statement FROM pg_prepared_statements", connection);
        await using var rows = await plans.ExecuteReaderAsync();
        var prepared = 0;
        while (await rows.ReadAsync())
        {
            prepared++;
            Assert.True(rows.GetInt64(1) <= 5, $"GET {path} ({role}): planned {rows.GetInt64(1)} times in 10 executions ({rows.GetInt64(0)} with the generic plan):\n{rows.GetString(2)}");
        }

        Assert.Equal(lists.Count, prepared);
    }

    [Fact]
    public async Task Plan_DashboardRollupBatchBehindABacklog_StartsReadingAtItsCursor()
    {
        // The rollup job reads the conversations changed after its cursor, 200 at a time. With every conversation of the
        // data set behind the cursor (a campaign's, say), the read must start at the cursor in the (updated_at, id)
        // index: a keyset written as an OR cannot be an index condition, and PostgreSQL then walked the index from its
        // oldest entry or read the whole backlog to sort it, on every batch (ADR 0064).
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var count = await db.Conversations.CountAsync();
        var cursor = await db.Conversations.OrderBy(c => c.UpdatedAt).Select(c => c.UpdatedAt).Skip(count / 2).FirstAsync();
        var (sql, plan) = await ExplainAsync(db, RefreshDashboardRollupsCommand.ChangedAfter(db, cursor, Guid.Empty).Select(c => c.Id));

        Assert.True(
            IndexConditions(plan, "ix_conversations_updated_at_id").Any(c => c.Contains("updated_at >=", StringComparison.Ordinal)),
            $"the rollup's batch does not start at its cursor in the (updated_at, id) index:\n{sql}\n{plan}");
        Assert.DoesNotContain("BitmapOr", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_DashboardRecountFromABucket_ReadsEachConversationsMessagesFromThereByIndex()
    {
        // A recount reads the messages of up to 50 conversations, each from its own start on: a range of the
        // (conversation_id, sent_at, id) index per conversation, never their whole histories or a scan of messages, and
        // the starts are parameters (ADR 0028, amended).
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = await db.Conversations.OrderByDescending(c => c.UpdatedAt).Select(c => c.Id).Take(50).ToListAsync();
        var count = await db.Messages.CountAsync();
        var from = await db.Messages.OrderBy(m => m.SentAt).Select(m => m.SentAt).Skip(count / 2).FirstAsync();
        var starts = ids.Select((id, i) => (id, from.AddMinutes(i))).ToList();
        var recount = RefreshDashboardRollupsCommand.MessagesToRecount(db, starts).Select(m => new { m.ConversationId, m.SentAt });
        await using var command = recount.CreateDbCommand();
        Assert.True(command.Parameters.Count == 2 * starts.Count, $"the recount's conversations and starts are not its parameters:\n{command.CommandText}");
        var (sql, plan) = await ExplainAsync(db, recount);

        // Every month partition holding messages that the plan reads (the empty future ones may be scanned: they hold
        // nothing) is read through its (conversation_id, sent_at, id) index from the recount's start.
        var filled = await db.Database.SqlQueryRaw<string>("SELECT DISTINCT tableoid::regclass::text AS \"Value\" FROM messages").ToListAsync();
        var read = NodesByRelation(plan).Where(n => filled.Contains(n.Relation)).ToList();
        Assert.True(read.Count > 0, $"the recount reads no partition holding messages:\n{sql}\n{plan}");
        foreach (var (relation, type) in read)
        {
            Assert.True(type != "Seq Scan", $"the recount scans {relation}:\n{sql}\n{plan}");
            var conditions = IndexConditions(plan, $"{relation}_conversation_id_sent_at_id_idx");
            Assert.True(
                conditions.Count > 0 && conditions.All(c => c.Contains("sent_at >=", StringComparison.Ordinal)),
                $"the recount does not read {relation} from its start by the conversation's index:\n{sql}\n{plan}");
        }
    }

    [Fact]
    public async Task Plan_SeededData_IsLargeEnoughForThePlannerToChoose()
    {
        // The plan checks mean something only when a sequential scan would be the planner's choice for an unindexed
        // shape: a query without a usable index on the same data does scan.
        var plan = await fixture.Database.ScalarAsync<string>(
            "EXPLAIN (FORMAT JSON) SELECT id FROM conversations WHERE last_message_preview = 'nothing' ORDER BY created_at LIMIT 50");
        Assert.Contains("conversations", SequentialScans(plan!));
        Assert.True(await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM conversations") >= Fixture.Conversations);
    }

    /// <summary>The SQL of a product query and its JSON plan, explained with its parameters on the context's connection.</summary>
    private static async Task<(string Sql, string Plan)> ExplainAsync<T>(AppDbContext db, IQueryable<T> query)
    {
        await using var command = query.CreateDbCommand();
        await db.Database.OpenConnectionAsync();
        command.Connection = db.Database.GetDbConnection();
        var sql = command.CommandText;
#pragma warning disable CA2100 // The product's own query, explained with its parameters.
        command.CommandText = "EXPLAIN (FORMAT JSON) " + sql;
#pragma warning restore CA2100
        return (sql, (string)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>The path of a shape: the fixture's queue, agent and connection, and a cursor 5 pages deep for <c>{deep}</c>.</summary>
    private async Task<string> PathAsync(HttpClient client, string template)
    {
        var path = template
            .Replace("{queue}", fixture.QueueId.ToString(), StringComparison.Ordinal)
            .Replace("{agent}", fixture.AgentId.ToString(), StringComparison.Ordinal)
            .Replace("{connection}", fixture.ConnectionId.ToString(), StringComparison.Ordinal);
        return path.Contains("{deep}", StringComparison.Ordinal)
            ? path.Replace("{deep}", await DeepCursorAsync(client), StringComparison.Ordinal)
            : path;
    }

    private static async Task<string> DeepCursorAsync(HttpClient client)
    {
        string? cursor = null;
        for (var i = 0; i < 5; i++)
        {
            var body = await (await client.GetAsync("/api/v1/conversations" + (cursor is null ? string.Empty : $"?cursor={cursor}"))).ReadJsonAsync();
            cursor = body.GetProperty("nextCursor").GetString();
        }

        return cursor!;
    }

    /// <summary>The relations a JSON plan reads with a sequential scan.</summary>
    /// <summary>The index conditions of the plan's scans of <paramref name="index"/>.</summary>
    private static List<string> IndexConditions(string planJson, string index)
    {
        var found = new List<string>();
        Walk(JsonDocument.Parse(planJson).RootElement[0].GetProperty("Plan"));
        return found;

        void Walk(JsonElement node)
        {
            if (node.TryGetProperty("Index Name", out var name) && name.GetString() == index && node.TryGetProperty("Index Cond", out var condition))
            {
                found.Add(condition.GetString()!);
            }

            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    Walk(child);
                }
            }
        }
    }

    /// <summary>Every node of a JSON plan that reads a relation: the relation (a partition by its own name) and the node's type.</summary>
    private static List<(string Relation, string Type)> NodesByRelation(string planJson)
    {
        using var document = JsonDocument.Parse(planJson);
        var found = new List<(string, string)>();
        Walk(document.RootElement);
        return found;

        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("Node Type", out var type) && element.TryGetProperty("Relation Name", out var relation))
                {
                    found.Add((relation.GetString()!, type.GetString()!));
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value);
                }
            }
        }
    }

    private static List<string> SequentialScans(string planJson) => Nodes(planJson, sequentialOnly: true);

    /// <summary>Every relation a JSON plan reads, however.</summary>
    private static List<string> Relations(string planJson) => Nodes(planJson, sequentialOnly: false);

    /// <summary>Every index a JSON plan reads without visiting the table.</summary>
    private static List<string> IndexOnlyScans(string planJson) => Indexes(planJson, "Index Only Scan");

    /// <summary>Every index a JSON plan reads (by a node of <paramref name="nodeType"/> only, when given).</summary>
    private static List<string> Indexes(string planJson, string? nodeType = null)
    {
        using var document = JsonDocument.Parse(planJson);
        var found = new List<string>();
        Walk(document.RootElement);
        return found;

        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("Index Name", out var index)
                    && (nodeType is null || (element.TryGetProperty("Node Type", out var type) && type.GetString() == nodeType)))
                {
                    found.Add(index.GetString()!);
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value);
                }
            }
        }
    }

    /// <summary>The table a relation belongs to: a month partition (<c>messages_p2026_11</c>, <c>messages_default</c>) counts as its table (ADR 0033).</summary>
    private static string TableOf(string relation) => PartitionSuffix().Replace(relation, string.Empty);

    [GeneratedRegex(@"_(p\d{4}_\d{2}|default)$", RegexOptions.CultureInvariant)]
    private static partial Regex PartitionSuffix();

    private static List<string> Nodes(string planJson, bool sequentialOnly) =>
        [.. NodesByRelation(planJson).Where(n => !sequentialOnly || n.Type == "Seq Scan").Select(n => TableOf(n.Relation))];

    /// <summary>
    /// While started, explains every desk query (tagged <c>conversations.*</c>, <c>dashboards</c> or <c>contacts.*</c>)
    /// before it runs, on the same connection with the same parameters.
    /// </summary>
    public sealed class PlanRecorder : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<(string Sql, string Plan)> _plans = new();
        private readonly ConcurrentQueue<(string Sql, NpgsqlParameter[] Parameters)> _commands = new();
        private volatile bool _recording;

        /// <summary>The recorded commands with copies of their parameters, in the order they ran.</summary>
        public IReadOnlyList<(string Sql, NpgsqlParameter[] Parameters)> Commands => [.. _commands];

        public void Start()
        {
            _plans.Clear();
            _commands.Clear();
            _recording = true;
        }

        public List<(string Sql, string Plan)> Stop()
        {
            _recording = false;
            return [.. _plans];
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(command);
            if (_recording && (command.CommandText.Contains("-- conversations.", StringComparison.Ordinal) || command.CommandText.Contains("-- dashboards", StringComparison.Ordinal)
                || command.CommandText.Contains("-- contacts.", StringComparison.Ordinal)))
            {
                await using var explain = (NpgsqlCommand)command.Connection!.CreateCommand();
                explain.Transaction = (NpgsqlTransaction?)command.Transaction;
#pragma warning disable CA2100 // The recorded command's own SQL, explained.
                explain.CommandText = "EXPLAIN (FORMAT JSON) " + command.CommandText;
#pragma warning restore CA2100
                foreach (NpgsqlParameter parameter in command.Parameters)
                {
                    explain.Parameters.Add(parameter.Clone());
                }

                _plans.Enqueue((command.CommandText, (string)(await explain.ExecuteScalarAsync(cancellationToken))!));
                _commands.Enqueue((command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
            }

            return result;
        }
    }

    /// <summary>A server-mode instance on a database seeded by the benchmark generator and analysed.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const int Conversations = 20_000;

        private readonly Dictionary<string, string> _emails = new(StringComparer.Ordinal);
        private TestDatabase? _database;
        private WhatsSuiteApp? _app;

        public PlanRecorder Recorder { get; } = new();

        public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not initialized.");

        public WhatsSuiteApp App => _app ?? throw new InvalidOperationException("Fixture not initialized.");

        public Guid QueueId { get; private set; }

        public Guid AgentId { get; private set; }

        public Guid ConnectionId { get; private set; }

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateAsync();
            _app = new WhatsSuiteApp(
                WhatsSuiteApp.ServerSettings(_database, $"test-{Guid.NewGuid():N}"),
                services => services.ConfigureDbContext<PostgresAppDbContext>(o => o.AddInterceptors(Recorder)));
            using (var client = _app.CreateClient())
            {
                await client.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword);
            }

            var generator = await File.ReadAllTextAsync(RepositoryFiles.Path("bench", "scale", "generate.sql"));
            await using (var connection = new NpgsqlConnection(_database.ConnectionString + ";Command Timeout=600"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The repository's own generator script.
                command.CommandText =
                    $"SET bench.admin_email = '{WhatsSuiteApp.AdminEmail}'; SET bench.contacts = '10000'; SET bench.conversations = '{Conversations}'; "
                    + "SET bench.messages = '60000'; SET bench.days = '30'; SET bench.campaign_recipients = '500';\n" + generator;
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync();
            }

            await _database.ExecuteAsync(DashboardRollupsSql);
            await _database.ExecuteAsync(WalkWordSql);
            await _database.ExecuteAsync("VACUUM ANALYZE");
            await VacuumUntilAllVisibleAsync();
            QueueId = await _database.ScalarAsync<Guid>("SELECT id FROM queues WHERE name LIKE 'Bench queue%' ORDER BY name LIMIT 1");
            AgentId = await _database.ScalarAsync<Guid>("SELECT id FROM users WHERE role = 'AGENTE' ORDER BY email LIMIT 1");
            ConnectionId = await _database.ScalarAsync<Guid>("SELECT id FROM connections WHERE name LIKE 'Bench line%' ORDER BY name LIMIT 1");
            _emails["ADMIN"] = WhatsSuiteApp.AdminEmail;
            _emails["SUPERVISOR"] = (await _database.ScalarAsync<string>("SELECT email FROM users WHERE role = 'SUPERVISOR' ORDER BY email LIMIT 1"))!;
            _emails["AGENTE"] = (await _database.ScalarAsync<string>("SELECT email FROM users WHERE role = 'AGENTE' ORDER BY email LIMIT 1"))!;
        }

        /// <summary>
        /// Vacuums the desk's tables again until every page of each is marked all-visible, as on a database in its
        /// steady state: PostgreSQL costs index-only scans by that share, and with none marked the prepared list of a
        /// SUPERVISOR's deep page looked dearer than planning it anew. The instance's background work runs alongside,
        /// and in about half of the runs the database-wide VACUUM left every page of conversations unmarked; vacuuming
        /// that table once more marked them all.
        /// </summary>
        private async Task VacuumUntilAllVisibleAsync()
        {
            const string Pending = """
                SELECT string_agg(relname, ',') FROM pg_class
                WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relpages > 0 AND relallvisible < relpages
                    AND (relname IN ('conversations', 'contacts', 'conversation_search_documents', 'conversation_queue_contacts') OR relname LIKE 'messages%')
                """;
            for (var attempt = 1; await Database.ScalarAsync<string>(Pending) is { } tables; attempt++)
            {
                if (attempt > 20)
                {
                    throw new InvalidOperationException($"Pages of {tables} are still not all-visible after 20 vacuums.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100));
                foreach (var table in tables.Split(','))
                {
                    await Database.ExecuteAsync($"VACUUM ANALYZE \"{table}\"");
                }
            }
        }

        /// <summary>
        /// Fills the dashboard rollups from the generated messages in one statement each (what the rollup job would
        /// write, without recounting 20,000 conversations), and moves the job's watermark past them. The resolutions
        /// come with the data set, as closing records them.
        /// </summary>
        private const string DashboardRollupsSql =
            """
            INSERT INTO dashboard_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type, count)
            SELECT date_bin('15 minutes', m.sent_at, TIMESTAMPTZ '1970-01-01 00:00:00+00'), coalesce(c.queue_id, '00000000-0000-0000-0000-000000000000'),
                   m.connection_id, CASE WHEN m.direction = 'Outbound' THEN coalesce(m.sender_user_id, '00000000-0000-0000-0000-000000000000') ELSE '00000000-0000-0000-0000-000000000000' END,
                   CASE WHEN m.direction = 'Inbound' THEN 1 ELSE 2 END, m.type, count(*)
            FROM messages m JOIN conversations c ON c.id = m.conversation_id GROUP BY 1, 2, 3, 4, 5, 6;
            INSERT INTO dashboard_daily_message_counts (bucket_start, queue_id, connection_id, agent_id, direction, type, count)
            SELECT date_trunc('day', bucket_start, 'UTC'), queue_id, connection_id, agent_id, direction, type, sum(count)
            FROM dashboard_message_counts GROUP BY 1, 2, 3, 4, 5, 6;
            INSERT INTO dashboard_response_episodes (conversation_id, started_at, queue_id, responded_at, responder_id, seconds)
            SELECT m.conversation_id, m.sent_at, coalesce(c.queue_id, '00000000-0000-0000-0000-000000000000'), m.sent_at + interval '3 minutes', c.assignee_id, 180
            FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.direction = 'Inbound' ON CONFLICT DO NOTHING;
            UPDATE dashboard_rollup_state SET watermark = now() + interval '1 day';
            """;

        /// <summary>
        /// A word in every 33rd conversation's search document (about 600, spread over the whole list and every queue):
        /// a page of 5 has more than ten candidates per row, and ADMIN's is found by walking the list (ADR 0050).
        /// </summary>
        private const string WalkWordSql =
            """
            UPDATE conversation_search_documents SET message_text = message_text || ' pimiento'
            WHERE length(message_text) < 7900 AND abs(hashtext(conversation_id::text)) % 33 = 0;
            """;

        public async Task<string> TokenAsync(string role)
        {
            using var client = App.CreateClient();
            return (await client.LoginAsync(_emails[role], WhatsSuiteApp.AdminPassword)).AccessToken;
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }

            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }
}
