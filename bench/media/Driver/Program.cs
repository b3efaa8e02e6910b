// Driver of the media benchmark (bench/media/run.sh; see bench/README.md).
//
//   serve  --port P                    fake Graph API on 127.0.0.1:P: GET /{version}/{media-id} answers the media's
//                                      {url, mime_type, sha256, file_size}; GET /files/{media-id} streams its bytes
//   send   --url U --secret S --prefix X --size BYTES (--rate R --duration SEC | --count N) --out ACKS
//                                      signed inbound image webhooks, open loop; ACKS: wamid TAB ack epoch ms TAB status
//   write  --media-id ID --out FILE    the media file's bytes on disk (the raw-copy baseline's source)
//   report --dir DIR --facts FILE --md OUT.md --json OUT.json
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WhatsSuite.Bench.Media;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: serve | send | write | report (see the comment at the top of Program.cs)");
    return 2;
}

var options = Args.Parse(args[1..]);
switch (args[0])
{
    case "serve":
        await ServeAsync(int.Parse(options["port"], CultureInfo.InvariantCulture));
        return 0;
    case "send":
        return await SendAsync(options);
    case "write":
        await using (var file = new FileStream(options["out"], FileMode.Create, FileAccess.Write, FileShare.None, Content.ChunkSize))
        {
            await Content.WriteAsync(options["media-id"], file, CancellationToken.None);
        }

        return 0;
    case "report":
        return Report.Run(options);
    default:
        Console.Error.WriteLine($"unknown command '{args[0]}'");
        return 2;
}

static async Task ServeAsync(int port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    var app = builder.Build();
    var self = $"http://127.0.0.1:{port}";
    app.MapGet("/health", () => "ok");
    app.MapGet("/files/{mediaId}", async (string mediaId, HttpContext context) =>
    {
        if (!Content.IsMediaId(mediaId))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "image/jpeg";
        context.Response.ContentLength = Content.SizeOf(mediaId);
        await Content.WriteAsync(mediaId, context.Response.Body, context.RequestAborted);
    });
    app.MapGet("/{version}/{mediaId}", (string version, string mediaId) => Content.IsMediaId(mediaId)
        ? Results.Json(new Dictionary<string, object>
        {
            ["messaging_product"] = "whatsapp",
            ["url"] = $"{self}/files/{mediaId}",
            ["mime_type"] = "image/jpeg",
            ["sha256"] = Content.Sha256Hex(mediaId),
            ["file_size"] = Content.SizeOf(mediaId),
            ["id"] = mediaId,
        })
        : Results.Json(new Dictionary<string, object> { ["id"] = mediaId }));

    // Anything else the API may ask Graph (a connection check): a plain success.
    app.MapFallback(() => Results.Json(new Dictionary<string, object> { ["success"] = true }));
    await app.RunAsync();
}

static async Task<int> SendAsync(IReadOnlyDictionary<string, string> options)
{
    var url = new Uri(options["url"]);
    var key = Encoding.UTF8.GetBytes(options["secret"]);
    var prefix = options["prefix"];
    var size = long.Parse(options["size"], CultureInfo.InvariantCulture);
    var phoneNumberId = options.GetValueOrDefault("phone-number-id", "100200300");
    var wabaId = options.GetValueOrDefault("waba-id", "900800700");
    var displayNumber = options.GetValueOrDefault("display-number", "+15550001111");
    double rate;
    int count;
    if (options.TryGetValue("count", out var countText))
    {
        count = int.Parse(countText, CultureInfo.InvariantCulture);
        rate = double.Parse(options.GetValueOrDefault("rate", "1000"), CultureInfo.InvariantCulture);
    }
    else
    {
        rate = double.Parse(options["rate"], CultureInfo.InvariantCulture);
        count = (int)Math.Round(rate * double.Parse(options["duration"], CultureInfo.InvariantCulture));
    }

    // Everything is prepared before the clock starts: bodies, signatures and the declared SHA-256 of every file.
    var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    var planned = new List<(string Wamid, byte[] Body, string Signature)>(count);
    for (var i = 0; i < count; i++)
    {
        var wamid = string.Create(CultureInfo.InvariantCulture, $"wamid.{prefix}.{i:D6}");
        var mediaId = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{size}-{i}");
        var waId = (5491100000000L + (i % 50)).ToString(CultureInfo.InvariantCulture);
        var json = string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"object":"whatsapp_business_account","entry":[{"id":"{{{wabaId}}}","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"{{{displayNumber}}}","phone_number_id":"{{{phoneNumberId}}}"},"contacts":[{"profile":{"name":"Customer {{{i % 50}}}"},"wa_id":"{{{waId}}}"}],"messages":[{"from":"{{{waId}}}","id":"{{{wamid}}}","timestamp":"{{{timestamp}}}","type":"image","image":{"id":"{{{mediaId}}}","mime_type":"image/jpeg","sha256":"{{{Content.Sha256Hex(mediaId)}}}","caption":"photo {{{i}}}"}}]}}]}]}""");
        var body = Encoding.UTF8.GetBytes(json);
        planned.Add((wamid, body, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body))));
    }

    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };
    var results = new (long AckMs, int Status)[count];
    var started = Stopwatch.GetTimestamp();
    var tasks = new List<Task>(count);
    for (var i = 0; i < count; i++)
    {
        var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(started);
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due);
        }

        var index = i;
        tasks.Add(Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(planned[index].Body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Hub-Signature-256", planned[index].Signature);
            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                results[index] = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), (int)response.StatusCode);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                results[index] = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0);
            }
        }));
    }

    await Task.WhenAll(tasks);
    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    await using (var writer = new StreamWriter(options["out"], append: false))
    {
        for (var i = 0; i < count; i++)
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{planned[i].Wamid}\t{results[i].AckMs}\t{results[i].Status}"));
        }
    }

    var acked = results.Count(r => r.Status is >= 200 and < 300);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent {count} in {elapsed:F1} s, acknowledged {acked}"));
    return acked == count ? 0 : 1;
}

/// <summary><c>--name value</c> pairs.</summary>
internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --name value pairs, got '{args[i]}'");
            }

            options[args[i][2..]] = args[i + 1];
        }

        return options;
    }
}
