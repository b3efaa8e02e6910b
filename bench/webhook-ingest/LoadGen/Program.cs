// Load generator of the webhook ingestion benchmark. See bench/README.md.
//
//   open loop:   --mode open   --rate R --duration S   (R requests per second on a fixed schedule)
//   closed loop: --mode closed --concurrency C --duration S   (C workers, each sends when answered)
//   payloads:    generated (--secret, --run-id, --step, --contacts, --seed) or --replay f1,f2 (exact bodies
//                and signatures saved earlier with --save)
//   output:      one summary line on stdout, --out result.json, --sent list.tsv (wamid TAB status per request)
//   report:      LoadGen report --dir STEPS --facts FILE --md OUT.md --json OUT.json (used by run.sh)
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using WhatsSuite.Bench.LoadGen;

if (args.Length > 0 && args[0] == "report")
{
    return await Report.RunAsync(args[1..]);
}

var options = Options.Parse(args);
if (options is null)
{
    return 2;
}

var url = new Uri(options.Url);
using var runner = new Runner(url, TimeSpan.FromSeconds(options.TimeoutSeconds));
List<Payload>? replay = options.ReplayFiles.Count > 0 ? PayloadFile.Read(options.ReplayFiles) : null;
var generator = new PayloadGenerator(options.RunId, options.Step, options.Secret, options.Contacts, options.Seed, options.PhoneNumberId, options.WabaId, options.DisplayNumber);

List<Payload> planned = [];
if (options.Mode == "open")
{
    if (replay is not null)
    {
        planned = replay;
    }
    else
    {
        var count = (long)Math.Round(options.Rate * options.DurationSeconds);
        planned = new List<Payload>((int)count);
        for (long i = 0; i < count; i++)
        {
            planned.Add(generator.Create(i));
        }
    }
}

if (options.WarmUpUrl is not null)
{
    await runner.WarmUpAsync(new Uri(options.WarmUpUrl), requests: 200, concurrency: 16);
}

// Everything is prepared: from here on only sending and recording.
GC.Collect();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var machineBefore = MachineCpu.Read();
var referenceTicks = Stopwatch.GetTimestamp();
var referenceUtc = DateTimeOffset.UtcNow;

List<Payload> sent;
Outcome[] outcomes;
long startTicks, endTicks;
double maxSendLagMs = 0;
if (options.Mode == "open")
{
    (outcomes, startTicks, endTicks, maxSendLagMs) = await runner.RunOpenAsync(planned, options.Rate);
    sent = planned;
}
else
{
    Func<long, Payload?> source = replay is null
        ? generator.Create
        : i => i < replay.Count ? replay[(int)i] : null;
    var duration = replay is null ? TimeSpan.FromSeconds(options.DurationSeconds) : TimeSpan.FromDays(1);
    var (results, s, e) = await runner.RunClosedAsync(source, options.Concurrency, duration);
    (startTicks, endTicks) = (s, e);
    sent = results.ConvertAll(r => r.Payload);
    outcomes = results.Select(r => r.Outcome).ToArray();
}

var cpuAfter = Process.GetCurrentProcess().TotalProcessorTime;
var machineAfter = MachineCpu.Read();

var freq = (double)Stopwatch.Frequency;
var elapsed = (endTicks - startTicks) / freq;
var acked = outcomes.Where(o => o.Status is >= 200 and < 300).Select(o => o.LatencyTicks * 1000.0 / freq).ToArray();
Array.Sort(acked);
var statusCounts = outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key)
    .ToDictionary(g => g.Key == 0 ? "no_answer" : g.Key.ToString(CultureInfo.InvariantCulture), g => g.LongCount());
var result = new RunResult
{
    Mode = options.Mode,
    Label = options.Label,
    Url = options.Url,
    Payloads = replay is null ? "generated" : "replay",
    OfferedRate = options.Mode == "open" ? options.Rate : null,
    Concurrency = options.Mode == "closed" ? options.Concurrency : null,
    Requests = outcomes.Length,
    Acked = acked.Length,
    Errors = outcomes.Length - acked.Length,
    StatusCounts = statusCounts,
    FirstError = runner.FirstException,
    ElapsedSeconds = Math.Round(elapsed, 3),
    AcksPerSecond = elapsed > 0 ? Math.Round(acked.Length / elapsed, 1) : 0,
    LatencyMs = new Latency
    {
        P50 = Percentile(acked, 0.50),
        P90 = Percentile(acked, 0.90),
        P99 = Percentile(acked, 0.99),
        Max = acked.Length == 0 ? 0 : Math.Round(acked[^1], 2),
        Mean = acked.Length == 0 ? 0 : Math.Round(acked.Average(), 2),
    },
    StartedAtUtc = referenceUtc.AddSeconds((startTicks - referenceTicks) / freq),
    EndedAtUtc = referenceUtc.AddSeconds((endTicks - referenceTicks) / freq),
    MaxSendLagMs = Math.Round(maxSendLagMs, 2),
    LoadGenCpuPercentOfOneCore = elapsed > 0 ? Math.Round((cpuAfter - cpuBefore).TotalSeconds / elapsed * 100, 1) : 0,
    MachineCpuBusyPercent = MachineCpu.BusyPercent(machineBefore, machineAfter),
};

Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"{result.Label}: mode={result.Mode} offered={(result.OfferedRate?.ToString("0", CultureInfo.InvariantCulture) ?? "max")} requests={result.Requests} acked={result.Acked} errors={result.Errors} acks/s={result.AcksPerSecond:0.0} p50={result.LatencyMs.P50:0.00}ms p90={result.LatencyMs.P90:0.00}ms p99={result.LatencyMs.P99:0.00}ms max={result.LatencyMs.Max:0.00}ms loadgen-cpu={result.LoadGenCpuPercentOfOneCore:0}% machine-cpu={result.MachineCpuBusyPercent:0}%"));
if (result.FirstError is not null)
{
    Console.WriteLine($"{result.Label}: first error: {result.FirstError}");
}

if (options.OutJson is not null)
{
    await File.WriteAllTextAsync(options.OutJson, JsonSerializer.Serialize(result, RunResult.JsonOptions));
}

if (options.SentList is not null)
{
    await using var writer = new StreamWriter(options.SentList, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
    for (var i = 0; i < sent.Count; i++)
    {
        await writer.WriteAsync(sent[i].Wamid);
        await writer.WriteAsync('\t');
        await writer.WriteAsync(outcomes[i].Status.ToString(CultureInfo.InvariantCulture));
        await writer.WriteAsync('\n');
    }
}

if (options.SaveFile is not null)
{
    await PayloadFile.WriteAsync(options.SaveFile, sent);
}

return 0;

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 2);
