using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace WhatsSuite.Bench.CampaignBench;

/// <summary>
/// A stand-in for Meta's Graph API on loopback: answers the credentials check and the template list (one approved
/// template, <see cref="TemplateName"/>), accepts every message and records, per phone number id, when each send arrived
/// and to whom. <c>GET /__sends/{phoneNumberId}</c> answers the records (arrival in ms since the fake started).
/// <c>--answer-delay-ms</c> answers each send that long after it arrived: the way back of a round trip to Meta, which the
/// sender's budget counts (a token counts until a second after WhatsApp answered).
/// </summary>
internal static class FakeGraph
{
    public const string TemplateName = "bench_notice";

    private static readonly string[][] ExampleBody = [["Ana"]];

    public static async Task<int> RunAsync(Args args)
    {
        var port = args.Int("port", 0);
        var answerDelay = TimeSpan.FromMilliseconds(args.Int("answer-delay-ms", 0));
        var sends = new ConcurrentDictionary<string, ConcurrentQueue<Send>>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet("/__sends/{phone}", (string phone) => Results.Json(new
        {
            startedAt,
            sends = sends.TryGetValue(phone, out var queue) ? queue.ToArray() : [],
        }));
        app.MapGet("/{version}/{waba}/message_templates", () => Results.Json(new
        {
            data = new[]
            {
                new
                {
                    id = "1000000001",
                    name = TemplateName,
                    language = "es",
                    category = "UTILITY",
                    status = "APPROVED",
                    components = new object[] { new { type = "BODY", text = "Hola {{1}}, su pago vence mañana.", example = new { body_text = ExampleBody } } },
                },
            },
        }));
        app.MapGet("/{version}/{phone}", (string phone) => Results.Json(new { id = phone, display_phone_number = "+1 555 000 0000", verified_name = "Bench" }));
        app.MapPost("/{version}/{phone}/messages", async (string phone, HttpRequest request) =>
        {
            var at = clock.Elapsed.TotalMilliseconds;
            using var body = await JsonDocument.ParseAsync(request.Body);
            var to = body.RootElement.TryGetProperty("to", out var value) ? value.GetString() ?? string.Empty : string.Empty;
            sends.GetOrAdd(phone, _ => new ConcurrentQueue<Send>()).Enqueue(new Send(at, to));
            if (answerDelay > TimeSpan.Zero)
            {
                await Task.Delay(answerDelay);
            }

            return Results.Json(new
            {
                messaging_product = "whatsapp",
                contacts = new[] { new { input = to, wa_id = to } },
                messages = new[] { new { id = $"wamid.bench{Guid.NewGuid():N}" } },
            });
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fake Graph API on 127.0.0.1:{port}"));
        await app.RunAsync();
        return 0;
    }
}

/// <summary>One send as the fake Graph API received it: when (ms since it started) and to whom.</summary>
internal sealed record Send(double At, string To);
