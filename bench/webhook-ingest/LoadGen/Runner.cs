using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace WhatsSuite.Bench.LoadGen;

/// <summary>Outcome of one request: latency in Stopwatch ticks and HTTP status (0 when no answer arrived).</summary>
internal struct Outcome
{
    public long LatencyTicks;
    public long CompletedAt;
    public int Status;
    public bool Done;
}

/// <summary>Sends webhook deliveries, open loop (fixed schedule) or closed loop (fixed concurrency).</summary>
internal sealed class Runner : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _client;
    private readonly Uri _url;
    private long _exceptions;
    private string? _firstException;

    public Runner(Uri url, TimeSpan timeout)
    {
        _url = url;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 4096,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        _client = new HttpClient(handler) { Timeout = timeout };
    }

    public long Exceptions => Interlocked.Read(ref _exceptions);

    public string? FirstException => _firstException;

    public void Dispose() => _client.Dispose();

    /// <summary>Opens connections and warms up the client's code paths with GET requests (not counted).</summary>
    public async Task WarmUpAsync(Uri url, int requests, int concurrency)
    {
        var next = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                try
                {
                    using var response = await _client.GetAsync(url);
                }
                catch (HttpRequestException)
                {
                    // Warm-up only.
                }
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>
    /// Open loop: request i is due at start + i / rate. Its latency runs from that scheduled time, not from
    /// when it actually left, so a slow server cannot hide queueing (no coordinated omission).
    /// </summary>
    public async Task<(Outcome[] Outcomes, long StartTicks, long EndTicks, double MaxSendLagMs)> RunOpenAsync(IReadOnlyList<Payload> payloads, double rate)
    {
        var outcomes = new Outcome[payloads.Count];
        var pending = new Task[payloads.Count];
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        long maxLag = 0;
        var dispatcher = new Thread(() =>
        {
            var i = 0;
            while (i < payloads.Count)
            {
                var now = Stopwatch.GetTimestamp();
                while (i < payloads.Count)
                {
                    var due = start + (long)(i * ticksPerRequest);
                    if (due > now)
                    {
                        break;
                    }

                    maxLag = Math.Max(maxLag, now - due);
                    pending[i] = SendAsync(payloads[i], due, outcomes, i);
                    i++;
                }

                if (i < payloads.Count)
                {
                    var wait = start + (long)(i * ticksPerRequest) - Stopwatch.GetTimestamp();
                    if (wait > 0)
                    {
                        PreciseSleep.For(wait * 1_000_000 / Stopwatch.Frequency);
                    }
                }
            }
        })
        {
            IsBackground = true,
            Priority = ThreadPriority.AboveNormal,
            Name = "open-loop dispatcher",
        };
        dispatcher.Start();
        await Task.Run(dispatcher.Join);
        await Task.WhenAll(pending);
        var end = LastCompletion(outcomes, start);
        return (outcomes, start, end, maxLag * 1000.0 / Stopwatch.Frequency);
    }

    /// <summary>
    /// Closed loop: <paramref name="concurrency"/> workers each send the next payload as soon as their previous
    /// one is answered, until <paramref name="duration"/> has passed or the source runs out (null).
    /// </summary>
    public async Task<(List<(Payload Payload, Outcome Outcome)> Results, long StartTicks, long EndTicks)> RunClosedAsync(
        Func<long, Payload?> source, int concurrency, TimeSpan duration)
    {
        long next = -1;
        var start = Stopwatch.GetTimestamp();
        var stopAt = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perWorker = new List<(Payload, Outcome)>[concurrency];
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = perWorker[w] = [];
            var slot = new Outcome[1];
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var payload = source(Interlocked.Increment(ref next));
                if (payload is null)
                {
                    break;
                }

                await SendAsync(payload, Stopwatch.GetTimestamp(), slot, 0);
                mine.Add((payload, slot[0]));
            }
        }));
        await Task.WhenAll(workers);
        var results = perWorker.SelectMany(r => r).ToList();
        var end = results.Count == 0 ? start : LastCompletion(results.Select(r => r.Item2).ToArray(), start);
        return (results, start, end);
    }

    private static long LastCompletion(Outcome[] outcomes, long start) =>
        Math.Max(start, outcomes.Select(o => o.CompletedAt).DefaultIfEmpty(start).Max());

    private async Task SendAsync(Payload payload, long due, Outcome[] outcomes, int index)
    {
        var status = 0;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _url);
            request.Content = new ByteArrayContent(payload.Body);
            request.Content.Headers.ContentType = Json;
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", payload.Signature);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref _exceptions);
            Interlocked.CompareExchange(ref _firstException, ex.GetType().Name + ": " + ex.Message, null);
        }

        var now = Stopwatch.GetTimestamp();
        outcomes[index] = new Outcome { LatencyTicks = now - due, CompletedAt = now, Status = status, Done = true };
    }
}
