using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using WhatsSuite.Bench.LoadGen;

namespace WhatsSuite.Bench.Scale;

/// <summary>
/// Measures every desk endpoint of the benchmark table against the bare SQL it runs, in the same run: for each
/// endpoint, the SQL statements one request runs are captured from PostgreSQL's CSV log (log_min_duration_statement
/// = 0 for one request), then the API and that SQL are each driven by a closed loop of 1 and of N users.
/// Usage: WhatsSuite.Bench.Scale --api URL --pg CONNSTRING --pg-log-dir DIR --email ADMIN_EMAIL --password PASSWORD
///        [--seconds 30] [--warmup 3] [--users "1 20"] [--repeats 3] [--only name,name]
///        [--dashboard-cache-seconds 0] --out FILE.json
/// </summary>
internal static partial class Program
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        var o = Options.Parse(args);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(o.Api),
            Timeout = TimeSpan.FromSeconds(60),
        };
        await using var data = new NpgsqlDataSourceBuilder(o.Pg + ";Maximum Pool Size=64;Application Name=WhatsSuite.Bench.Scale").Build();
        var world = await World.LoadAsync(data);
        var endpoints = Endpoints(world, o.DashboardCacheSeconds).Where(e => o.Only.Count == 0 || o.Only.Contains(e.Name)).ToList();
        var results = new List<EndpointResult>();
        foreach (var endpoint in endpoints)
        {
            var token = await LoginAsync(http, endpoint.Role == "ADMIN" ? o.Email : endpoint.Role == "SUPERVISOR" ? world.SupervisorEmail : world.AgentEmail, o.Password);
            var path = endpoint.Path(http, token);
            var sql = await CaptureSqlAsync(data, o.PgLogDir, http, path, token);
            Console.Error.WriteLine($"[scale] {endpoint.Name}: GET {path} ({sql.Count} SQL statements)");
            var runs = new List<RunResult>();
            for (var repeat = 1; repeat <= o.Repeats; repeat++)
            {
                foreach (var users in o.Users)
                {
                    // A fresh token per block: a long run outlives an access token.
                    token = await LoginAsync(http, endpoint.Role == "ADMIN" ? o.Email : endpoint.Role == "SUPERVISOR" ? world.SupervisorEmail : world.AgentEmail, o.Password);
                    runs.Add(await RunAsync("api", endpoint.Name, repeat, users, o, ct => ApiOnceAsync(http, path, token, ct)));
                    runs.Add(await RunAsync("sql", endpoint.Name, repeat, users, o, ct => SqlOnceAsync(data, sql, ct)));
                    Console.Error.WriteLine($"[scale]   repeat {repeat}, {users} users: {Describe(runs[^2])} | bare SQL {Describe(runs[^1])}");
                }
            }

            results.Add(new EndpointResult(endpoint.Name, endpoint.Role, endpoint.Description, path, sql, runs));
        }

        var report = new Report(
            DateTimeOffset.UtcNow,
            o.Commit,
            o.Disk,
            Environment.ProcessorCount,
            CpuModel(),
            o.Seconds,
            o.Warmup,
            o.Repeats,
            o.Users,
            o.DashboardCacheSeconds,
            await DataSetAsync(data),
            results);
        await File.WriteAllTextAsync(o.Out, JsonSerializer.Serialize(report, Json));
        if (o.Markdown is not null)
        {
            await File.WriteAllTextAsync(o.Markdown, Markdown.Render(report));
        }

        return 0;
    }

    private static string Describe(RunResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {r.P50Ms:0.0} ms, p99 {r.P99Ms:0.0} ms, {r.Throughput:0.0}/s, 5xx {r.Status5xx}, 4xx {r.Status4xx}");

    /// <summary>How the dashboard views were served: computed on every request, or from the cache of that many seconds.</summary>
    private static string Cached(int dashboardCacheSeconds) =>
        dashboardCacheSeconds == 0 ? "(uncached)" : string.Create(CultureInfo.InvariantCulture, $"(cached, {dashboardCacheSeconds} s)");

    /// <summary>The endpoints of the benchmark table.</summary>
    private static List<Endpoint> Endpoints(World w, int dashboardCacheSeconds) =>
    [
        new("list-admin", "ADMIN", "GET /conversations, first page", (_, _) => "/api/v1/conversations"),
        new("list-supervisor", "SUPERVISOR", "same, SUPERVISOR of 2 queues", (_, _) => "/api/v1/conversations"),
        new("list-agent", "AGENTE", "same, AGENTE", (_, _) => "/api/v1/conversations"),
        new("list-admin-unassigned", "ADMIN", "ADMIN, status=UNASSIGNED", (_, _) => "/api/v1/conversations?status=UNASSIGNED"),
        new("list-admin-queue", "ADMIN", "ADMIN, queueId=", (_, _) => $"/api/v1/conversations?queueId={w.QueueId}"),
        new("list-admin-deep", "ADMIN", "ADMIN, a page 20 pages deep (keyset)", (h, t) => $"/api/v1/conversations?cursor={DeepCursor(h, t, "/api/v1/conversations", 20)}"),
        new("search-admin", "ADMIN", $"ADMIN, search= (a word in ~0.1% of messages: '{w.RareWord}')", (_, _) => $"/api/v1/conversations?search={w.RareWord}"),
        new("search-admin-common", "ADMIN", $"ADMIN, search= a common word ('{w.CommonWord}')", (_, _) => $"/api/v1/conversations?search={w.CommonWord}"),
        new("search-supervisor", "SUPERVISOR", "SUPERVISOR search (same word)", (_, _) => $"/api/v1/conversations?search={w.RareWord}"),
        new("search-agent", "AGENTE", "AGENTE search (same word)", (_, _) => $"/api/v1/conversations?search={w.RareWord}"),
        new("summary-admin", "ADMIN", "/conversations/summary ADMIN", (_, _) => "/api/v1/conversations/summary"),
        new("summary-supervisor", "SUPERVISOR", "/conversations/summary SUPERVISOR", (_, _) => "/api/v1/conversations/summary"),
        new("dashboard-overview", "ADMIN", $"dashboard overview, last 30 days, ADMIN {Cached(dashboardCacheSeconds)}", (_, _) => $"/api/v1/dashboard/overview?{Period()}"),
        new("dashboard-overview-supervisor", "SUPERVISOR", $"dashboard overview, last 30 days, SUPERVISOR {Cached(dashboardCacheSeconds)}", (_, _) => $"/api/v1/dashboard/overview?{Period()}"),
        new("dashboard-daily", "ADMIN", $"dashboard day by day, last 30 days {Cached(dashboardCacheSeconds)}", (_, _) => $"/api/v1/dashboard/daily?{Period()}"),
        new("dashboard-queues", "ADMIN", $"dashboard per queue, last 30 days {Cached(dashboardCacheSeconds)}", (_, _) => $"/api/v1/dashboard/queues?{Period()}"),
        new("dashboard-agents", "ADMIN", $"dashboard per agent, last 30 days {Cached(dashboardCacheSeconds)}", (_, _) => $"/api/v1/dashboard/agents?{Period()}"),
        new("dashboard-campaigns", "ADMIN", $"dashboard campaign results, last 30 days {Cached(dashboardCacheSeconds)}", (_, _) => $"/api/v1/dashboard/campaigns?{Period()}"),
        new("dashboard-drilldown-hour", "ADMIN", $"dashboard drill-down by local hour, last 30 days {Cached(dashboardCacheSeconds)}", (_, _) => $"/api/v1/dashboard/drilldown?level=hour&{Period()}"),
        new("contacts-admin", "ADMIN", "GET /contacts, first page (by name)", (_, _) => "/api/v1/contacts"),
        new("contacts-supervisor", "SUPERVISOR", "GET /contacts, first page, SUPERVISOR of 2 queues", (_, _) => "/api/v1/contacts"),
        new("contacts-search-number", "ADMIN", $"GET /contacts?q= a contact's number ('{w.ContactNumber}')", (_, _) => $"/api/v1/contacts?q={w.ContactNumber}"),
        new("contacts-search-name", "ADMIN", "GET /contacts?q= a surname of 1 in 16 contacts ('peña')", (_, _) => $"/api/v1/contacts?q={Uri.EscapeDataString("peña")}"),
        new("messages-first", "ADMIN", "messages page (first)", (_, _) => $"/api/v1/conversations/{w.BusyConversationId}/messages"),
        new("messages-deep", "ADMIN", "messages page (deep)", (h, t) => $"/api/v1/conversations/{w.BusyConversationId}/messages?cursor={DeepCursor(h, t, $"/api/v1/conversations/{w.BusyConversationId}/messages", 3)}"),
    ];

    /// <summary>The last 30 local days up to today, in a time zone of the data set's customers (Europe/Madrid).</summary>
    private static string Period()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return string.Create(CultureInfo.InvariantCulture, $"from={today.AddDays(-29):yyyy-MM-dd}&to={today:yyyy-MM-dd}&tz=Europe%2FMadrid");
    }

    private static string DeepCursor(HttpClient http, string token, string path, int pages)
    {
        string? cursor = null;
        for (var i = 0; i < pages; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, cursor is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}cursor={cursor}");
            request.Headers.Authorization = new("Bearer", token);
            using var response = http.Send(request);
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(response.Content.ReadAsStream());
            var next = body.RootElement.GetProperty("nextCursor");
            if (next.ValueKind != JsonValueKind.String)
            {
                break;
            }

            cursor = next.GetString();
        }

        return cursor ?? throw new InvalidOperationException($"{path} has fewer than {pages + 1} pages.");
    }

    private static async Task<string> LoginAsync(HttpClient http, string email, string password)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"sign-in of {email} answered {(int)response.StatusCode}: {text}");
        }

        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static async Task<int> ApiOnceAsync(HttpClient http, string path, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return (int)response.StatusCode;
    }

    private static async Task<int> SqlOnceAsync(NpgsqlDataSource data, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await using var connection = await data.OpenConnectionAsync(cancellationToken);
        foreach (var sql in statements)
        {
#pragma warning disable CA2100 // The statements the API ran, read back from the server's log.
            await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    _ = reader.GetValue(i);
                }
            }
        }

        return 200;
    }

    /// <summary>A closed loop of <paramref name="users"/> workers for the warm-up, then for the measured seconds.</summary>
    private static async Task<RunResult> RunAsync(string system, string endpoint, int repeat, int users, Options o, Func<CancellationToken, Task<int>> once)
    {
        await Loop(users, TimeSpan.FromSeconds(o.Warmup), once, null);
        var latencies = new List<double>[users];
        var statuses = new Dictionary<int, int>[users];
        for (var i = 0; i < users; i++)
        {
            latencies[i] = [];
            statuses[i] = [];
        }

        var cpuBefore = MachineCpu.Read();
        var elapsed = Stopwatch.StartNew();
        await Loop(users, TimeSpan.FromSeconds(o.Seconds), once, (worker, ms, status) =>
        {
            latencies[worker].Add(ms);
            statuses[worker][status] = statuses[worker].GetValueOrDefault(status) + 1;
        });
        var seconds = elapsed.Elapsed.TotalSeconds;
        var cpu = MachineCpu.BusyPercent(cpuBefore, MachineCpu.Read());
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var byStatus = statuses.SelectMany(s => s).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        return new RunResult(
            system,
            endpoint,
            repeat,
            users,
            all.Length,
            Math.Round(all.Length / seconds, 1),
            Percentile(all, 0.50),
            Percentile(all, 0.99),
            all.Length == 0 ? 0 : Math.Round(all[^1], 2),
            byStatus.Where(s => s.Key >= 500).Sum(s => s.Value),
            byStatus.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value),
            byStatus.ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
            cpu);
    }

    private static async Task Loop(int users, TimeSpan duration, Func<CancellationToken, Task<int>> once, Action<int, double, int>? record)
    {
        using var stop = new CancellationTokenSource(duration);
        var workers = Enumerable.Range(0, users).Select(worker => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    status = await once(CancellationToken.None);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or NpgsqlException or InvalidOperationException)
                {
                    status = 599;
                }

                record?.Invoke(worker, Stopwatch.GetElapsedTime(started).TotalMilliseconds, status);
            }
        }));
        await Task.WhenAll(workers);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 2);

    /// <summary>
    /// The SELECT statements one request runs, with their parameters inlined: PostgreSQL logs every statement for
    /// the duration of one request (log_min_duration_statement = 0), and the CSV log is read back. The log is server
    /// wide, so a background job of the API that runs at the same moment would add its statements: the request is
    /// captured again until two captures in a row agree. Instants are left out of the comparison: a request may
    /// compute one from the time it runs (the dashboards' "unanswered for longer than any target").
    /// </summary>
    private static async Task<List<string>> CaptureSqlAsync(NpgsqlDataSource data, string logDir, HttpClient http, string path, string token)
    {
        const int attempts = 8;
        List<string>? previous = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var statements = await CaptureOnceAsync(data, logDir, http, path, token);
            if (previous is not null && previous.Select(WithoutInstants).SequenceEqual(statements.Select(WithoutInstants), StringComparer.Ordinal))
            {
                return statements;
            }

            if (previous is not null)
            {
                Console.Error.WriteLine($"[scale] GET {path}: two captures differ ({previous.Count} and {statements.Count} statements; a background job ran), capturing again");
            }

            previous = statements;
        }

        throw new InvalidOperationException($"GET {path}: no two captures in a row of its SQL agreed in {attempts} attempts: background work kept running during the capture.");
    }

    private static string WithoutInstants(string sql) => Instant().Replace(sql, "'<instant>'");

    [GeneratedRegex(@"'\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:\d{2})?)?'")]
    private static partial Regex Instant();

    private static async Task<List<string>> CaptureOnceAsync(NpgsqlDataSource data, string logDir, HttpClient http, string path, string token)
    {
        var before = Directory.GetFiles(logDir, "*.csv").ToDictionary(f => f, f => new FileInfo(f).Length);
        await ExecAsync(data, "ALTER SYSTEM SET log_min_duration_statement = 0");
        await ExecAsync(data, "SELECT pg_reload_conf()");

        // Backends apply a reload at their next command and the logging collector writes asynchronously: wait for
        // both, and read the log again until the request's statements are there and no more arrive (a loaded machine
        // is slow).
        await Task.Delay(1000);
        var requestStarted = DateTime.UtcNow;
        var status = await ApiOnceAsync(http, path, token, CancellationToken.None);
        var requestEnded = DateTime.UtcNow;
        var statements = new List<string>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Task.Delay(500);
            var read = await ReadStatementsAsync(logDir, before, requestStarted, requestEnded);
            if (read.Count > 0 && read.Count == statements.Count)
            {
                break;
            }

            statements = read;
        }

        await ExecAsync(data, "ALTER SYSTEM RESET log_min_duration_statement");
        await ExecAsync(data, "SELECT pg_reload_conf()");
        await Task.Delay(1000);
        // A search of a common word may be refused as too broad (422) once its time budget runs out: that is its
        // bounded answer, measured as such; the statements that completed before it are its SQL.
        if (status == 422)
        {
            Console.Error.WriteLine($"[scale] GET {path} answered 422 at capture (a search over its time budget): its completed statements are its SQL");
        }
        else if (status != 200)
        {
            throw new InvalidOperationException($"GET {path} answered {status}");
        }

        if (statements.Count == 0)
        {
            throw new InvalidOperationException($"no SQL captured for GET {path}: is the PostgreSQL CSV log in {logDir}?");
        }

        return statements;
    }

    /// <summary>
    /// The reading statements (SELECT, and WITH queries that write nothing) logged while the request ran, leaving out the
    /// transactions that wrote: the API's queue workers claim their rows with a SELECT and an UPDATE in one transaction
    /// and poll every second or so, so a slow request (hundreds of milliseconds) would otherwise rarely be captured
    /// alone. A GET of the desk writes nothing.
    /// A SELECT also logged outside the request's time (a background poll, the same statement every second) is left
    /// out too: the request runs once.
    /// </summary>
    private static async Task<List<string>> ReadStatementsAsync(string logDir, Dictionary<string, long> before, DateTime from, DateTime to)
    {
        var found = new List<(string Session, string Sql)>();
        var writers = new HashSet<string>(StringComparer.Ordinal);
        var polled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(logDir, "*.csv").Order())
        {
            var offset = before.GetValueOrDefault(file);
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(offset, SeekOrigin.Begin);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            foreach (var fields in CsvRecords(await reader.ReadToEndAsync()))
            {
                if (fields.Count < 23 || fields[22] is "psql" || fields[22].StartsWith("WhatsSuite.Bench", StringComparison.Ordinal))
                {
                    continue;
                }

                var match = ExecuteLine().Match(fields[13]);
                if (!match.Success)
                {
                    continue;
                }

                var sql = match.Groups[1].Value;

                // A tagged query (EF Core's TagWith) starts with its tag as "-- name" lines.
                var body = LeadingLineComments().Replace(sql, string.Empty);
                // A statement's transaction: its session (process id) and virtual transaction id. Connections are
                // pooled, so a session that ran the request may run a queue worker's claim a moment later.
                var session = fields[3] + "/" + fields[9];
                // A WITH query reads (a dashboard's walk of an index) unless one of its parts writes (a queue worker's claim).
                var with = body.StartsWith("WITH", StringComparison.OrdinalIgnoreCase);
                if (body.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) || body.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
                    || body.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || (with && WritingStatement().IsMatch(body)))
                {
                    writers.Add(session);
                    continue;
                }

                if (!with && !body.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && !body.StartsWith("(SELECT", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var parameters = ParameterValue().Matches(fields[14]).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
                var inlined = Placeholder().Replace(sql, m => parameters.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
                var loggedAt = DateTime.Parse(fields[0].Replace(" UTC", "Z", StringComparison.Ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                if (loggedAt < from.AddMilliseconds(-50) || loggedAt > to.AddMilliseconds(50))
                {
                    polled.Add(inlined);
                    continue;
                }

                found.Add((session, inlined));
            }
        }

        return found.Where(f => !writers.Contains(f.Session) && !polled.Contains(f.Sql)).Select(f => f.Sql).ToList();
    }

    private static async Task ExecAsync(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The records of a CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and newlines).</summary>
    private static IEnumerable<List<string>> CsvRecords(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                yield return fields;
                fields = [];
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static async Task<Dictionary<string, string>> DataSetAsync(NpgsqlDataSource data)
    {
        var facts = new Dictionary<string, string>();
        foreach (var (name, sql) in new[]
        {
            ("users", "SELECT count(*) FROM users"),
            ("queues", "SELECT count(*) FROM queues"),
            ("contacts", "SELECT count(*) FROM contacts"),
            ("conversations", "SELECT count(*) FROM conversations"),
            ("messages", "SELECT count(*) FROM messages"),
            ("database_size", "SELECT pg_size_pretty(pg_database_size(current_database()))"),
            ("messages_size", "SELECT pg_size_pretty(coalesce(sum(pg_total_relation_size(relid)), 0)) FROM pg_partition_tree('messages')"),
            ("search_documents_size", "SELECT pg_size_pretty(pg_total_relation_size('conversation_search_documents'))"),
            ("postgres", "SHOW server_version"),
            ("jit", "SHOW jit"),
            ("work_mem", "SHOW work_mem"),
            ("shared_buffers", "SHOW shared_buffers"),
        })
        {
            await using var command = data.CreateCommand(sql);
            facts[name] = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return facts;
    }

    [GeneratedRegex(@"\A(\s*--[^\n]*\n)*\s*")]
    private static partial Regex LeadingLineComments();

    [GeneratedRegex(@"\b(INSERT\s+INTO|UPDATE\s+[\w.""]+\s+(AS\s+\w+\s+)?SET|DELETE\s+FROM)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WritingStatement();

    [GeneratedRegex(@"^duration: [0-9.]+ ms  execute [^:]*: (.*)$", RegexOptions.Singleline)]
    private static partial Regex ExecuteLine();

    [GeneratedRegex(@"\$(\d+) = ((?:NULL)|(?:'(?:[^']|'')*'))")]
    private static partial Regex ParameterValue();

    [GeneratedRegex(@"\$(\d+)\b")]
    private static partial Regex Placeholder();
}

internal sealed record Endpoint(string Name, string Role, string Description, Func<HttpClient, string, string> Path);

internal sealed record RunResult(
    string System, string Endpoint, int Repeat, int Users, int Requests, double Throughput, double P50Ms, double P99Ms, double MaxMs,
    int Status5xx, int Status4xx, Dictionary<string, int> Statuses, double? MachineCpuPercent);

internal sealed record EndpointResult(string Name, string Role, string Description, string Path, List<string> Sql, List<RunResult> Runs);

internal sealed record Report(
    DateTimeOffset FinishedAt, string Commit, string Disk, int ProcessorCount, string CpuModel, int Seconds, int WarmupSeconds, int Repeats, IReadOnlyList<int> Users,
    int DashboardCacheSeconds, Dictionary<string, string> DataSet, List<EndpointResult> Endpoints);

/// <summary>The people and things of the generated data set the endpoints are measured with.</summary>
internal sealed record World(string SupervisorEmail, string AgentEmail, Guid QueueId, Guid BusyConversationId, string RareWord, string CommonWord, string ContactNumber)
{
    public static async Task<World> LoadAsync(NpgsqlDataSource data)
    {
        async Task<string> Scalar(string sql)
        {
            await using var command = data.CreateCommand(sql);
            return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)
                ?? throw new InvalidOperationException($"no answer to {sql}");
        }

        return new World(
            await Scalar("SELECT email FROM users u WHERE role = 'SUPERVISOR' AND (SELECT count(*) FROM queue_members m WHERE m.user_id = u.id) = 2 ORDER BY email LIMIT 1"),
            await Scalar("SELECT email FROM users WHERE role = 'AGENTE' ORDER BY email LIMIT 1"),
            Guid.Parse(await Scalar("SELECT id FROM queues ORDER BY name LIMIT 1")),
            Guid.Parse(await Scalar("SELECT conversation_id FROM messages GROUP BY conversation_id ORDER BY count(*) DESC, conversation_id LIMIT 1")),
            await Scalar("SELECT value FROM bench_facts WHERE name = 'rare_word'"),
            await Scalar("SELECT value FROM bench_facts WHERE name = 'common_word'"),
            await Scalar("SELECT wa_id FROM contacts WHERE wa_id IS NOT NULL ORDER BY wa_id OFFSET (SELECT count(*) / 4 FROM contacts) LIMIT 1"));
    }
}

internal sealed record Options(
    string Api, string Pg, string PgLogDir, string Email, string Password, int Seconds, int Warmup, IReadOnlyList<int> Users, int Repeats, HashSet<string> Only, string Out,
    string? Markdown, string Disk, string Commit, int DashboardCacheSeconds)
{
    public static Options Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i].TrimStart('-')] = args[i + 1];
        }

        string Need(string name) => map.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        int Int(string name, int fallback) => map.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Options(
            Need("api"),
            Need("pg"),
            Need("pg-log-dir"),
            Need("email"),
            Need("password"),
            Int("seconds", 30),
            Int("warmup", 3),
            (map.GetValueOrDefault("users") ?? "1 20").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(u => int.Parse(u, CultureInfo.InvariantCulture)).ToList(),
            Int("repeats", 3),
            (map.GetValueOrDefault("only") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            Need("out"),
            map.GetValueOrDefault("markdown"),
            map.GetValueOrDefault("disk") ?? "unknown",
            map.GetValueOrDefault("commit") ?? "unknown",
            Int("dashboard-cache-seconds", 0));
    }
}
