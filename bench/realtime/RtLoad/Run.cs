using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace WhatsSuite.Bench.RtLoad;

/// <summary>What one desk event carries that the benchmark reads.</summary>
internal sealed record DeskEnvelope(string Type, DeskEnvelopeData? Data);

internal sealed record DeskEnvelopeData(string? Text);

/// <summary>One connected client: its queue, when each message of the step reached it, and how many events of each type.</summary>
internal sealed class BenchClient(int queue, HubConnection connection, int messages)
{
    public int Queue { get; } = queue;

    public HubConnection Connection { get; } = connection;

    /// <summary>Stopwatch ticks of the arrival of message i (0: not arrived), for the warm-up and the measured step.</summary>
    public long[] Arrivals { get; } = new long[messages];

    public ConcurrentDictionary<string, int> Types { get; } = new(StringComparer.Ordinal);

    public int Unexpected;
}

/// <summary>
/// One measured part: connects CLIENTS desk clients (WebSockets) to one system, samples the server process idle, sends a
/// warm-up, then signed webhooks at RATE per second for DURATION seconds on a fixed schedule, spread over the queues, and
/// waits until every client has received the message.new of every acknowledged webhook of its queue (or DRAIN seconds):
/// latency from each acknowledgement to each receipt, events lost, and the server's CPU and memory.
/// </summary>
internal static class Run
{
    public static async Task<int> RunAsync(Args args)
    {
        var system = args.Text("system");
        var hub = args.Text("hub");
        var webhookBase = args.Text("webhook-base").TrimEnd('/');
        var preparation = JsonSerializer.Deserialize<Preparation>(await File.ReadAllTextAsync(args.Text("prep")))!;
        var clientsWanted = args.Int("clients", preparation.Agents.Count);
        var rate = args.Number("rate", 200);
        var duration = args.Number("duration", 20);
        var warmupSeconds = args.Number("warmup", 3);
        var drainSeconds = args.Number("drain", 60);
        var contactsPerQueue = args.Int("contacts-per-queue", 10);
        var pid = args.Int("pid", 0);
        var step = args.Text("step");
        var secret = Encoding.UTF8.GetBytes(args.Text("secret"));
        var queues = preparation.Queues.Count;
        var warmupCount = (int)Math.Round(rate * warmupSeconds);
        var count = (int)Math.Round(rate * duration);
        var total = warmupCount + count;
        var prefix = $"rt {step} ";

        // --- connect: a tenth first (the server's one-time costs of a first connection), then the rest -------------
        var clients = new BenchClient[clientsWanted];
        var first = Math.Max(1, clientsWanted / 10);
        var connectWatch = Stopwatch.StartNew();
        await ConnectAsync(0, first);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = ProcessSample.Read(pid);
        await ConnectAsync(first, clientsWanted);
        var connectSeconds = connectWatch.Elapsed.TotalSeconds;

        Task ConnectAsync(int from, int to) => Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var agent = preparation.Agents[i];
            var url = system == "bare" ? $"{hub}?queue={agent.Queue}" : hub;
            var connection = new HubConnectionBuilder()
                .WithUrl(url, options =>
                {
                    options.Transports = HttpTransportType.WebSockets;
                    options.AccessTokenProvider = () => Task.FromResult<string?>(agent.Token);
                })
                .Build();
            connection.ServerTimeout = TimeSpan.FromSeconds(120);
            var client = new BenchClient(agent.Queue, connection, total);
            connection.On<DeskEnvelope>("desk", e => OnEvent(client, e, prefix, queues));
            await connection.StartAsync(ct);
            clients[i] = client;
        });

        // --- idle, connected ----------------------------------------------------------------------------------
        await Task.Delay(TimeSpan.FromSeconds(1));
        var idleStart = ProcessSample.Read(pid);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idleEnd = ProcessSample.Read(pid);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        var acks = new long[total];
        var statuses = new int[total];
        var urls = preparation.Queues.Select(q => system == "bare" ? $"{webhookBase}/{q.Index}" : $"{webhookBase}/{q.ConnectionId}").ToArray();

        // --- warm-up (not measured): the same load, then every receipt awaited ----------------------------------
        await SendAsync(http, preparation, urls, secret, prefix, contactsPerQueue, rate, 0, warmupCount, acks, statuses);
        await DrainAsync(clients, acks, 0, warmupCount, queues, drainSeconds);

        // --- measured step ------------------------------------------------------------------------------------
        var loadStart = ProcessSample.Read(pid);
        await SendAsync(http, preparation, urls, secret, prefix, contactsPerQueue, rate, warmupCount, total, acks, statuses);
        var loadEnd = ProcessSample.Read(pid);
        var drainWatch = Stopwatch.StartNew();
        await DrainAsync(clients, acks, warmupCount, total, queues, drainSeconds);
        var drained = drainWatch.Elapsed.TotalSeconds;

        // --- figures ------------------------------------------------------------------------------------------
        var latencies = new List<double>();
        long expected = 0, lost = 0;
        var acked = 0;
        for (var i = warmupCount; i < total; i++)
        {
            if (acks[i] == 0)
            {
                continue;
            }

            acked++;
            foreach (var client in clients)
            {
                if (client.Queue != i % queues)
                {
                    continue;
                }

                expected++;
                var arrival = client.Arrivals[i];
                if (arrival == 0)
                {
                    lost++;
                }
                else
                {
                    latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(acks[i], arrival).TotalMilliseconds));
                }
            }
        }

        latencies.Sort();
        var statusCounts = statuses.Skip(warmupCount).GroupBy(s => s).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count());
        var types = clients.SelectMany(c => c.Types).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        var result = new StepResult(
            System: system,
            Label: args.Text("label", step),
            Clients: clientsWanted,
            Queues: queues,
            Rate: rate,
            DurationSeconds: duration,
            ConnectSeconds: Math.Round(connectSeconds, 2),
            Sent: count,
            Acked: acked,
            Statuses: statusCounts,
            Expected: expected,
            Received: expected - lost,
            Lost: lost,
            Unexpected: clients.Sum(c => c.Unexpected),
            DrainSeconds: Math.Round(drained, 2),
            P50Ms: Percentile(latencies, 0.50),
            P90Ms: Percentile(latencies, 0.90),
            P99Ms: Percentile(latencies, 0.99),
            MaxMs: latencies.Count == 0 ? null : Math.Round(latencies[^1], 1),
            EventsByType: types,
            ServerRssBeforeMiB: Math.Round(before.RssBytes / 1048576.0, 1),
            ServerRssConnectedMiB: Math.Round(idleEnd.RssBytes / 1048576.0, 1),
            ServerRssLoadMiB: Math.Round(loadEnd.RssBytes / 1048576.0, 1),
            MemoryPer100ConnectionsMiB: clientsWanted == first ? null : Math.Round((idleEnd.RssBytes - before.RssBytes) / 1048576.0 * 100 / (clientsWanted - first), 2),
            IdleCpuPercent: Math.Round(ProcessSample.CpuPercent(idleStart, idleEnd), 1),
            IdleCpuPer100ConnectionsPercent: Math.Round(ProcessSample.CpuPercent(idleStart, idleEnd) * 100 / clientsWanted, 2),
            LoadCpuPercent: Math.Round(ProcessSample.CpuPercent(loadStart, loadEnd), 1),
            LoadCpuPer100ConnectionsPercent: Math.Round(ProcessSample.CpuPercent(loadStart, loadEnd) * 100 / clientsWanted, 2),
            MachineBusyPercent: Math.Round(ProcessSample.MachineBusyPercent(loadStart, loadEnd), 1));

        await Task.WhenAll(clients.Select(c => c.Connection.DisposeAsync().AsTask()));
        await File.WriteAllTextAsync(args.Text("out"), JsonSerializer.Serialize(result, Report.Json));
        Console.WriteLine(
            $"{result.System} {result.Label}: {clientsWanted} clients connected in {result.ConnectSeconds} s; {result.Acked}/{count} acked; " +
            $"p50 {result.P50Ms} ms, p99 {result.P99Ms} ms, lost {lost} of {expected}, unexpected {result.Unexpected}; " +
            $"server CPU {result.LoadCpuPercent}% under load, {result.MemoryPer100ConnectionsMiB} MiB per 100 connections");
        return 0;
    }

    private static void OnEvent(BenchClient client, DeskEnvelope e, string prefix, int queues)
    {
        var arrived = Stopwatch.GetTimestamp();
        client.Types.AddOrUpdate(e.Type, 1, (_, n) => n + 1);
        if (e.Type != "message.new" || e.Data?.Text is not { } text || !text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return;
        }

        var index = int.Parse(text.AsSpan(prefix.Length), CultureInfo.InvariantCulture);
        if (index < 0 || index >= client.Arrivals.Length || index % queues != client.Queue)
        {
            Interlocked.Increment(ref client.Unexpected);
            return;
        }

        if (client.Arrivals[index] == 0)
        {
            client.Arrivals[index] = arrived;
        }
    }

    /// <summary>Sends messages [from, to) on a fixed schedule of <paramref name="rate"/> per second, recording each acknowledgement.</summary>
    private static async Task SendAsync(
        HttpClient http, Preparation preparation, string[] urls, byte[] secret, string prefix, int contactsPerQueue, double rate, int from, int to, long[] acks, int[] statuses)
    {
        var queues = preparation.Queues.Count;
        var sends = new List<Task>(to - from);
        var start = Stopwatch.GetTimestamp();
        for (var i = from; i < to; i++)
        {
            var due = TimeSpan.FromSeconds((i - from) / rate);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var queue = preparation.Queues[i % queues];
            var contact = (i / queues) % contactsPerQueue;
            sends.Add(SendOneAsync(http, urls[queue.Index], Body(queue, contact, $"{prefix}{i}", $"wamid.{prefix.Replace(' ', '.')}{i}"), secret, i, acks, statuses));
        }

        await Task.WhenAll(sends);
    }

    private static async Task SendOneAsync(HttpClient http, string url, byte[] body, byte[] secret, int index, long[] acks, int[] statuses)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body)));
        try
        {
            using var response = await http.SendAsync(request);
            statuses[index] = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                acks[index] = Stopwatch.GetTimestamp();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            statuses[index] = -1;
        }
    }

    private static byte[] Body(BenchQueue queue, int contact, string text, string wamid)
    {
        var waId = (5491100000000L + (queue.Index * 1000L) + contact).ToString(CultureInfo.InvariantCulture);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"object":"whatsapp_business_account","entry":[{"id":"900800700","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"{{{queue.PhoneNumberId}}}"},"contacts":[{"profile":{"name":"Customer {{{contact}}}"},"wa_id":"{{{waId}}}"}],"messages":[{"from":"{{{waId}}}","id":"{{{wamid}}}","timestamp":"{{{timestamp}}}","type":"text","text":{"body":"{{{text}}}"}}]}}]}]}"""));
    }

    /// <summary>Waits until every client has every acknowledged message of [from, to) of its queue, or the deadline.</summary>
    private static async Task DrainAsync(BenchClient[] clients, long[] acks, int from, int to, int queues, double seconds)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var missing = false;
            for (var i = from; i < to && !missing; i++)
            {
                if (acks[i] == 0)
                {
                    continue;
                }

                foreach (var client in clients)
                {
                    if (client.Queue == i % queues && client.Arrivals[i] == 0)
                    {
                        missing = true;
                        break;
                    }
                }
            }

            if (!missing)
            {
                return;
            }

            await Task.Delay(250);
        }
    }

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 1);
}

internal sealed record StepResult(
    string System,
    string Label,
    int Clients,
    int Queues,
    double Rate,
    double DurationSeconds,
    double ConnectSeconds,
    int Sent,
    int Acked,
    Dictionary<string, int> Statuses,
    long Expected,
    long Received,
    long Lost,
    int Unexpected,
    double DrainSeconds,
    double? P50Ms,
    double? P90Ms,
    double? P99Ms,
    double? MaxMs,
    Dictionary<string, int> EventsByType,
    double ServerRssBeforeMiB,
    double ServerRssConnectedMiB,
    double ServerRssLoadMiB,
    double? MemoryPer100ConnectionsMiB,
    double IdleCpuPercent,
    double IdleCpuPer100ConnectionsPercent,
    double LoadCpuPercent,
    double LoadCpuPer100ConnectionsPercent,
    double MachineBusyPercent);
