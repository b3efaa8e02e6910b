using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace WhatsSuite.Bench.CampaignBench;

/// <summary>
/// Drives the benchmark: sets WhatsSuite up through its API (the seeded admin's first password change), then for each
/// rate a connection with that send rate, its templates synced from the fake Graph API, a campaign whose audience is a
/// CSV of RECIPIENTS numbers, scheduled (after an unreported warm-up campaign of <c>--warmup</c> recipients); waits until the fake received a send for every recipient (and a few seconds
/// more, for duplicates), and measures the arrivals. Then the baseline at the same rate: a bare loop in this process
/// sending the same requests to the fake, paced by a timer. Writes the report.
/// </summary>
internal static class Drive
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static async Task<int> RunAsync(Args args)
    {
        var api = new Uri(args.Text("api"));
        var graph = new Uri(args.Text("graph"));
        var apiPid = args.Int("api-pid", 0);
        var recipients = args.Int("recipients", 100_000);
        var rates = args.Text("rates", "80 1000").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var settle = TimeSpan.FromSeconds(args.Int("settle", 5));
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(10) };
        using var fake = new HttpClient { BaseAddress = graph, Timeout = TimeSpan.FromMinutes(2) };

        var seed = await PostAsync(http, null, "/api/v1/auth/login", new { email = args.Text("admin-email"), password = args.Text("admin-seed-password") });
        var admin = (await PostAsync(http, seed.GetProperty("accessToken").GetString(), "/api/v1/auth/change-password",
            new { currentPassword = args.Text("admin-seed-password"), newPassword = args.Text("admin-password") })).GetProperty("accessToken").GetString()!;

        // Not measured: a freshly started API spends its first minute or so compiling its hot code again with the runtime's
        // optimisations (tiered compilation), which would be counted as the first step's CPU. A campaign of its own, at
        // the first rate, runs first; its figures are printed and left out of the report.
        var warmup = args.Int("warmup", 0);
        if (warmup > 0)
        {
            var numbers = Enumerable.Range(0, warmup).Select(i => (5_491_199_000_000L + i).ToString(CultureInfo.InvariantCulture)).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up at {rates[0]}/s: {warmup} recipients (not reported)"));
            var warm = await WhatsSuiteStepAsync(http, fake, admin, apiPid, rates[0], 99, "200300999", numbers, settle);
            Console.WriteLine("  " + warm.Summary);
        }

        var steps = new List<StepResult>();
        for (var k = 0; k < rates.Count; k++)
        {
            var rate = rates[k];
            var phoneNumberId = (200300400 + k).ToString(CultureInfo.InvariantCulture);
            var numbers = Enumerable.Range(0, recipients).Select(i => (5_491_100_000_000L + (k * 10_000_000L) + i).ToString(CultureInfo.InvariantCulture)).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WhatsSuite at {rate}/s: {recipients} recipients"));
            steps.Add(await WhatsSuiteStepAsync(http, fake, admin, apiPid, rate, k, phoneNumberId, numbers, settle));
            Console.WriteLine(steps[^1].Summary);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline at {rate}/s: {recipients} requests"));
            steps.Add(await BaselineStepAsync(fake, rate, $"baseline{k}", numbers, settle));
            Console.WriteLine(steps[^1].Summary);
        }

        var md = Report.Markdown(steps, args.Text("facts", string.Empty), recipients);
        await File.WriteAllTextAsync(args.Text("md"), md);
        await File.WriteAllTextAsync(args.Text("json"), JsonSerializer.Serialize(steps, Indented));
        return 0;
    }

    private static async Task<StepResult> WhatsSuiteStepAsync(
        HttpClient http, HttpClient fake, string admin, int apiPid, int rate, int k, string phoneNumberId, List<string> numbers, TimeSpan settle)
    {
        var connectionId = (await PostAsync(http, admin, "/api/v1/connections", new
        {
            name = $"Bench number {k}",
            provider = "cloud_api",
            phoneNumberId,
            wabaId = "900800700",
            displayNumber = $"+1555{k:D7}",
            accessToken = "bench-token",
            appSecret = $"bench-secret-{Guid.NewGuid():N}",
            sendRateLimitPerSecond = rate,
        })).GetProperty("id").GetGuid();
        await PostAsync(http, admin, "/api/v1/templates/sync", new { connectionId });
        var campaignId = (await PostAsync(http, admin, "/api/v1/campaigns", new
        {
            name = $"Bench campaign {k} at {rate}/s",
            connectionIds = new[] { connectionId },
            template = new { name = FakeGraph.TemplateName, language = "es", variables = new Dictionary<string, string> { ["body.1"] = "contact.phone" } },
        })).GetProperty("id").GetGuid();

        var csv = new StringBuilder("phone\n");
        foreach (var number in numbers)
        {
            csv.Append('+').Append(number).Append('\n');
        }

        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "audience.csv");
            using var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaignId}/audience/file") { Content = form };
            var imported = await SendAsync(http, admin, upload);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  audience: {imported.GetProperty("recipients").GetInt32()} recipients"));
        }

        await PostAsync(http, admin, $"/api/v1/campaigns/{campaignId}/schedule", new { });

        // The recurring dispatcher starts it within a minute; measured from the first send to the last. The step ends when
        // every recipient was sent, or when nothing arrived for a minute (then the rest counts as lost).
        var sinceProgress = Stopwatch.StartNew();
        ProcessSample? first = null;
        var received = 0;
        while (received < numbers.Count && sinceProgress.Elapsed < TimeSpan.FromSeconds(received == 0 ? 180 : 60))
        {
            await Task.Delay(200);
            var now = (await SendsAsync(fake, phoneNumberId)).Count;
            if (now > received)
            {
                sinceProgress.Restart();
            }

            received = now;
            if (received > 0 && first is null && apiPid > 0)
            {
                first = ProcessSample.Read(apiPid);
            }
        }

        var last = apiPid > 0 ? ProcessSample.Read(apiPid) : (ProcessSample?)null;
        await Task.Delay(settle);
        var cpu = first is { } a && last is { } b ? b.CpuSeconds - a.CpuSeconds : double.NaN;
        return StepResult.From("whatssuite", rate, numbers, await SendsAsync(fake, phoneNumberId), cpu);
    }

    /// <summary>The same requests straight to the fake, one every 1/rate s on a timer (at most 256 in flight), from this process.</summary>
    private static async Task<StepResult> BaselineStepAsync(HttpClient fake, int rate, string phoneNumberId, List<string> numbers, TimeSpan settle)
    {
        using var gate = new SemaphoreSlim(256);
        var sends = new List<Task>(numbers.Count);
        var before = ProcessSample.Read(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < numbers.Count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            await gate.WaitAsync();
            var to = numbers[i];
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    var body = new
                    {
                        messaging_product = "whatsapp",
                        recipient_type = "individual",
                        to,
                        type = "template",
                        template = new { name = FakeGraph.TemplateName, language = new { code = "es" }, components = new[] { new { type = "body", parameters = new[] { new { type = "text", text = $"+{to}" } } } } },
                    };
                    using var response = await fake.PostAsJsonAsync($"/v23.0/{phoneNumberId}/messages", body);
                    response.EnsureSuccessStatusCode();
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(sends);
        var after = ProcessSample.Read(Environment.ProcessId);
        await Task.Delay(settle);
        return StepResult.From("baseline", rate, numbers, await SendsAsync(fake, phoneNumberId), after.CpuSeconds - before.CpuSeconds);
    }

    private static async Task<List<Send>> SendsAsync(HttpClient fake, string phoneNumberId)
    {
        var answer = await fake.GetFromJsonAsync<JsonElement>($"/__sends/{phoneNumberId}", Json);
        return answer.GetProperty("sends").Deserialize<List<Send>>(Json) ?? [];
    }

    private static Task<JsonElement> PostAsync(HttpClient http, string? token, string path, object body) =>
        SendAsync(http, token, new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) });

    private static async Task<JsonElement> SendAsync(HttpClient http, string? token, HttpRequestMessage request)
    {
        using (request)
        {
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {text}");
            }

            return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
