// The baseline of the webhook ingestion benchmark: the least an HTTP endpoint can do to store a webhook
// durably. POST /ingest reads the raw body and INSERTs it, as one statement, into a table of the same
// PostgreSQL database the API uses; 200 once the row is committed. Kestrel keeps its defaults, as in the API.
//
// Configuration: BASELINE_POSTGRES (Npgsql connection string), ASPNETCORE_URLS, BASELINE_POOL_MAX (default 15,
// the API's POSTGRES_POOL_MAX default).
using Npgsql;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Logging.ClearProviders();

var connectionString = builder.Configuration["BASELINE_POSTGRES"]
    ?? throw new InvalidOperationException("BASELINE_POSTGRES (an Npgsql connection string) is required.");
var poolMax = int.TryParse(builder.Configuration["BASELINE_POOL_MAX"], out var configuredPool) ? configuredPool : 15;
var csb = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true, MaxPoolSize = poolMax };
await using var dataSource = NpgsqlDataSource.Create(csb.ConnectionString);

await using (var create = dataSource.CreateCommand(
    "CREATE TABLE IF NOT EXISTS bench_baseline_inbox (id uuid PRIMARY KEY, body text NOT NULL, received_at timestamptz NOT NULL)"))
{
    await create.ExecuteNonQueryAsync();
}

var app = builder.Build();

app.MapPost("/ingest", async (HttpRequest request, CancellationToken ct) =>
{
    using var reader = new StreamReader(request.Body);
    var body = await reader.ReadToEndAsync(ct);
    await using var insert = dataSource.CreateCommand("INSERT INTO bench_baseline_inbox (id, body, received_at) VALUES ($1, $2, $3)");
    insert.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
    insert.Parameters.Add(new NpgsqlParameter { Value = body });
    insert.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
    await insert.ExecuteNonQueryAsync(ct);
    return Results.Ok();
});

app.MapGet("/health", () => Results.Ok());

await app.RunAsync();
