using System.Globalization;

namespace WhatsSuite.Bench.LoadGen;

/// <summary>Command-line options (<c>--name value</c> pairs).</summary>
internal sealed class Options
{
    public required string Url { get; init; }

    public required string Mode { get; init; }

    public double Rate { get; init; }

    public int Concurrency { get; init; }

    public double DurationSeconds { get; init; }

    public double TimeoutSeconds { get; init; }

    public required string Secret { get; init; }

    public required string RunId { get; init; }

    public required string Step { get; init; }

    public required string Label { get; init; }

    public int Contacts { get; init; }

    public ulong Seed { get; init; }

    public required string PhoneNumberId { get; init; }

    public required string WabaId { get; init; }

    public required string DisplayNumber { get; init; }

    public required IReadOnlyList<string> ReplayFiles { get; init; }

    public string? WarmUpUrl { get; init; }

    public string? OutJson { get; init; }

    public string? SentList { get; init; }

    public string? SaveFile { get; init; }

    private const string Usage = """
        usage: LoadGen --url URL --mode open|closed [options]
          --rate R             open loop: requests per second
          --concurrency C      closed loop: concurrent workers (default 32)
          --duration S         seconds (open loop: rate x duration requests; closed loop: time limit)
          --timeout S          per-request timeout (default 30)
          --secret X           app secret for X-Hub-Signature-256 (default bench-app-secret)
          --run-id ID --step NAME   wamid.{ID}.{NAME}.{index} (defaults: run, step)
          --contacts N         distinct senders (default 2000)   --seed N (default 1)
          --phone-number-id --waba-id --display-number   metadata of the payloads
          --replay f1,f2       send the exact payloads saved with --save instead of generated ones
          --warmup-url URL     GET it 200 times before the timed phase (connections, JIT)
          --label TEXT         name of the run in the output
          --out FILE           result JSON    --sent FILE   wamid TAB status per request
          --save FILE          payloads sent (wamid TAB signature TAB body), for --replay
        """;

    public static Options? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return Fail($"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[++i];
        }

        string? Get(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        double Number(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var mode = Get("mode") ?? "open";
        var url = Get("url");
        if (url is null || (mode != "open" && mode != "closed"))
        {
            return Fail("--url is required and --mode must be open or closed");
        }

        var replay = (Get("replay") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = new Options
        {
            Url = url,
            Mode = mode,
            Rate = Number("rate", 0),
            Concurrency = (int)Number("concurrency", 32),
            DurationSeconds = Number("duration", 60),
            TimeoutSeconds = Number("timeout", 30),
            Secret = Get("secret") ?? "bench-app-secret",
            RunId = Get("run-id") ?? "run",
            Step = Get("step") ?? "step",
            Label = Get("label") ?? Get("step") ?? mode,
            Contacts = (int)Number("contacts", 2000),
            Seed = (ulong)Number("seed", 1),
            PhoneNumberId = Get("phone-number-id") ?? "100200300",
            WabaId = Get("waba-id") ?? "900800700",
            DisplayNumber = Get("display-number") ?? "15550001111",
            ReplayFiles = replay,
            WarmUpUrl = Get("warmup-url"),
            OutJson = Get("out"),
            SentList = Get("sent"),
            SaveFile = Get("save"),
        };
        if (mode == "open" && options.Rate <= 0)
        {
            return Fail("--rate must be positive in open loop");
        }

        if (options.Concurrency < 1 || options.DurationSeconds <= 0 || options.Contacts < 1)
        {
            return Fail("--concurrency, --duration and --contacts must be positive");
        }

        return options;
    }

    private static Options? Fail(string message)
    {
        Console.Error.WriteLine($"LoadGen: {message}");
        Console.Error.WriteLine(Usage);
        return null;
    }
}
