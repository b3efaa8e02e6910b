using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace WhatsSuite.Bench.RtLoad;

/// <summary>One queue of the benchmark: its WhatsApp number (a Cloud API connection linked to it alone) and its index.</summary>
internal sealed record BenchQueue(int Index, Guid QueueId, Guid ConnectionId, string PhoneNumberId);

/// <summary>One desk client: an agent of one queue and their access token.</summary>
internal sealed record BenchAgent(int Queue, Guid UserId, string Token);

internal sealed record Preparation(List<BenchQueue> Queues, List<BenchAgent> Agents);

/// <summary>
/// Sets WhatsSuite up through its API: the seeded admin's first password change, QUEUES queues (manual assignment, so
/// conversations stay UNASSIGNED and visible to every agent of their queue), one Cloud API connection per queue linked
/// to it alone, and CLIENTS agents spread round-robin over the queues, each signed in with a password of their own.
/// </summary>
internal static class Prepare
{
    private const string TemporaryPassword = "Temporary-bench-password-1";
    private const string AgentPassword = "Chosen-bench-password-2";

    public static async Task<int> RunAsync(Args args)
    {
        var api = new Uri(args.Text("api"));
        var queues = args.Int("queues", 20);
        var clients = args.Int("clients", 500);
        var secret = args.Text("secret");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(120) };

        var seed = await PostAsync(http, null, "/api/v1/auth/login", new { email = args.Text("admin-email"), password = args.Text("admin-seed-password") });
        var admin = (await PostAsync(http, seed.GetProperty("accessToken").GetString(), "/api/v1/auth/change-password",
            new { currentPassword = args.Text("admin-seed-password"), newPassword = args.Text("admin-password") })).GetProperty("accessToken").GetString()!;

        var benchQueues = new List<BenchQueue>();
        for (var q = 0; q < queues; q++)
        {
            var queueId = (await PostAsync(http, admin, "/api/v1/queues", new { name = $"Bench queue {q}", strategy = "manual", agentCapacity = 5 })).GetProperty("id").GetGuid();
            var phoneNumberId = (100200300 + q).ToString(CultureInfo.InvariantCulture);
            var connectionId = (await PostAsync(http, admin, "/api/v1/connections", new
            {
                name = $"Bench number {q}",
                provider = "cloud_api",
                phoneNumberId,
                wabaId = "900800700",
                displayNumber = $"+1555{q:D7}",
                accessToken = "bench-token",
                appSecret = secret,
            })).GetProperty("id").GetGuid();
            await PutAsync(http, admin, $"/api/v1/connections/{connectionId}/queues/{queueId}");
            benchQueues.Add(new BenchQueue(q, queueId, connectionId, phoneNumberId));
        }

        var agents = new BenchAgent[clients];
        await Parallel.ForAsync(0, clients, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var queue = benchQueues[i % queues];
            var email = $"agent{i}@bench.whatssuite.local";
            var userId = (await PostAsync(http, admin, "/api/v1/users", new { email, fullName = $"Bench agent {i}", role = "AGENTE", password = TemporaryPassword })).GetProperty("id").GetGuid();
            await PutAsync(http, admin, $"/api/v1/queues/{queue.QueueId}/members/{userId}");
            var first = (await PostAsync(http, null, "/api/v1/auth/login", new { email, password = TemporaryPassword })).GetProperty("accessToken").GetString();
            var token = (await PostAsync(http, first, "/api/v1/auth/change-password", new { currentPassword = TemporaryPassword, newPassword = AgentPassword })).GetProperty("accessToken").GetString()!;
            agents[i] = new BenchAgent(queue.Index, userId, token);
        });

        await File.WriteAllTextAsync(args.Text("out"), JsonSerializer.Serialize(new Preparation(benchQueues, [.. agents])));
        Console.WriteLine($"prepared {queues} queues and connections, {clients} agents");
        return 0;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string? token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await SendAsync(http, token, request);
    }

    private static async Task PutAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path);
        await SendAsync(http, token, request);
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, string? token, HttpRequestMessage request)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return response.StatusCode == HttpStatusCode.NoContent || text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
