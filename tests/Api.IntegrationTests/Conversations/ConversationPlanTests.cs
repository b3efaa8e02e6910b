using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WhatsSuite.Api.IntegrationTests.OpenApi;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Conversations;

/// <summary>
/// Every list, filter, search and counter shape of the desk is answered from an index: on a seeded and analysed
/// database (the benchmark's generator, bench/scale/generate.sql, at a smaller size), the plan of each desk query the
/// API runs (recorded by <see cref="PlanRecorder"/> with EXPLAIN on the same connection and parameters) has no
/// sequential scan of conversations, messages or search documents.
/// </summary>
public sealed class ConversationPlanTests(ConversationPlanTests.Fixture fixture) : IClassFixture<ConversationPlanTests.Fixture>
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
        { "SUPERVISOR", "/api/v1/conversations" },
        { "SUPERVISOR", "/api/v1/conversations?status=UNASSIGNED" },
        { "SUPERVISOR", "/api/v1/conversations?queueId={queue}" },
        { "SUPERVISOR", "/api/v1/conversations?cursor={deep}" },
        { "SUPERVISOR", "/api/v1/conversations?search=zanahoria" },
        { "AGENTE", "/api/v1/conversations" },
        { "AGENTE", "/api/v1/conversations?status=UNASSIGNED" },
        { "AGENTE", "/api/v1/conversations?search=zanahoria" },
        { "ADMIN", "/api/v1/conversations/summary" },
        { "SUPERVISOR", "/api/v1/conversations/summary" },
        { "AGENTE", "/api/v1/conversations/summary" },
    };

    [Theory]
    [MemberData(nameof(ListShapes))]
    public async Task Plan_DeskQueryShape_UsesIndexesOnly(string role, string pathTemplate)
    {
        using var client = fixture.App.CreateClient().WithBearer(await fixture.TokenAsync(role));
        var path = pathTemplate
            .Replace("{queue}", fixture.QueueId.ToString(), StringComparison.Ordinal)
            .Replace("{agent}", fixture.AgentId.ToString(), StringComparison.Ordinal)
            .Replace("{connection}", fixture.ConnectionId.ToString(), StringComparison.Ordinal);
        if (path.Contains("{deep}", StringComparison.Ordinal))
        {
            path = path.Replace("{deep}", await DeepCursorAsync(client), StringComparison.Ordinal);
        }

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
    private static List<string> SequentialScans(string planJson)
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
                if (element.TryGetProperty("Node Type", out var type) && type.GetString() == "Seq Scan" && element.TryGetProperty("Relation Name", out var relation))
                {
                    found.Add(relation.GetString()!);
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value);
                }
            }
        }
    }

    /// <summary>
    /// While started, explains every desk query (tagged <c>conversations.*</c>) before it runs, on the same connection
    /// with the same parameters.
    /// </summary>
    public sealed class PlanRecorder : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<(string Sql, string Plan)> _plans = new();
        private volatile bool _recording;

        public void Start()
        {
            _plans.Clear();
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
            if (_recording && command.CommandText.Contains("-- conversations.", StringComparison.Ordinal))
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
                    + "SET bench.messages = '60000'; SET bench.days = '30';\n" + generator;
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync();
            }

            await _database.ExecuteAsync("VACUUM ANALYZE");
            QueueId = await _database.ScalarAsync<Guid>("SELECT id FROM queues WHERE name LIKE 'Bench queue%' ORDER BY name LIMIT 1");
            AgentId = await _database.ScalarAsync<Guid>("SELECT id FROM users WHERE role = 'AGENTE' ORDER BY email LIMIT 1");
            ConnectionId = await _database.ScalarAsync<Guid>("SELECT id FROM connections WHERE name LIKE 'Bench line%' ORDER BY name LIMIT 1");
            _emails["ADMIN"] = WhatsSuiteApp.AdminEmail;
            _emails["SUPERVISOR"] = (await _database.ScalarAsync<string>("SELECT email FROM users WHERE role = 'SUPERVISOR' ORDER BY email LIMIT 1"))!;
            _emails["AGENTE"] = (await _database.ScalarAsync<string>("SELECT email FROM users WHERE role = 'AGENTE' ORDER BY email LIMIT 1"))!;
        }

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
