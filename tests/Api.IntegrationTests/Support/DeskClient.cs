using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// A desk hub client (the official .NET SignalR client) connected to an in-process instance, recording every event
/// it receives and the view it builds from them: the conversations it heard about minus those it was told to drop.
/// </summary>
public sealed class DeskClient : IAsyncDisposable
{
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly HashSet<Guid> _view = [];

    private DeskClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>("desk", OnEventAsync);
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Completes when the server closes the connection.</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>Every event received so far, in order.</summary>
    public List<JsonElement> Received { get; } = [];

    /// <summary>The conversations the client heard about and was not told to drop.</summary>
    public IReadOnlySet<Guid> View
    {
        get
        {
            lock (_gate)
            {
                return _view.ToHashSet();
            }
        }
    }

    /// <summary>
    /// What the client reloads through the REST API when told to (<c>desk.refetch</c>), as a desk does; the view is then
    /// what it returned. Without it a refetch leaves the view as it was.
    /// </summary>
    public Func<Task<IReadOnlyCollection<Guid>>>? Reload { get; set; }

    /// <summary>Starts the view from what the client loaded through the REST API when it connected.</summary>
    public void Load(IEnumerable<Guid> conversations)
    {
        lock (_gate)
        {
            _view.UnionWith(conversations);
        }
    }

    /// <summary>
    /// Connects with <paramref name="token"/>. Long polling by default (through the in-process server's handler); with
    /// <paramref name="webSocketQueryToken"/> over WebSockets with the token in <c>?access_token=</c>, as browsers do.
    /// </summary>
    public static async Task<DeskClient> ConnectAsync(WhatsSuiteApp app, string token, bool webSocketQueryToken = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        var server = app.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/desk"), options =>
            {
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                if (webSocketQueryToken)
                {
                    options.Transports = HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                    options.WebSocketFactory = async (context, cancellationToken) =>
                    {
                        var uri = new UriBuilder(context.Uri) { Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
                        return await server.CreateWebSocketClient().ConnectAsync(uri, cancellationToken);
                    };
                }
                else
                {
                    options.Transports = HttpTransportType.LongPolling;
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
        return await StartAsync(connection);
    }

    /// <summary>
    /// Connects as an integration, with <c>Authorization: ApiKey &lt;key&gt;</c> on every request: long polling by
    /// default, or over WebSockets with the header on the upgrade request (as the .NET and node clients send it).
    /// </summary>
    public static async Task<DeskClient> ConnectWithApiKeyAsync(WhatsSuiteApp app, string key, bool webSockets = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        var server = app.Server;
        var header = $"ApiKey {key}";
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/desk"), options =>
            {
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.Headers["Authorization"] = header;
                if (webSockets)
                {
                    options.Transports = HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                    options.WebSocketFactory = async (context, cancellationToken) =>
                    {
                        var sockets = server.CreateWebSocketClient();
                        sockets.ConfigureRequest = request => request.Headers.Authorization = header;
                        return await sockets.ConnectAsync(context.Uri, cancellationToken);
                    };
                }
                else
                {
                    options.Transports = HttpTransportType.LongPolling;
                }
            })
            .Build();
        return await StartAsync(connection);
    }

    /// <summary>
    /// Starts the connection and returns once the server has registered it. <c>start()</c> completes with the handshake,
    /// before the hub's <c>OnConnectedAsync</c> has added the connection to the desk (and, in server mode, subscribed it on
    /// the backplane): an event published in between does not reach it. The server handles a connection's calls only
    /// after <c>OnConnectedAsync</c>, so the answer to <c>Resume(null)</c>, which a desk sends right after
    /// <c>start()</c> (docs/realtime.md), proves the registration. A connection the server refused is closed instead.
    /// </summary>
    private static async Task<DeskClient> StartAsync(HubConnection connection)
    {
        var client = new DeskClient(connection);
        await connection.StartAsync();
        try
        {
            await client.ResumeAsync(null);
        }
        catch (HubException)
        {
            // Answered, with a refusal (e.g. Redis unavailable): the connection is registered all the same.
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Refused while connecting (e.g. too many connections): the server closes it.
            await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        }

        return client;
    }

    /// <summary>The next event satisfying <paramref name="match"/>, or a failure after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(cancel.Token);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("The expected desk event did not arrive.");
            throw;
        }
    }

    public Task<JsonElement> NextAsync(string type, Guid? conversationId = null, TimeSpan? timeout = null) =>
        NextAsync(e => e.GetProperty("type").GetString() == type && (conversationId is null || ConversationOf(e) == conversationId), timeout);

    /// <summary>Calls the hub's <c>Resume</c>: the events missed after <paramref name="cursor"/> (the current position when null).</summary>
    public Task<JsonElement> ResumeAsync(long? cursor) => Connection.InvokeAsync<JsonElement>("Resume", cursor);

    public static Guid? ConversationOf(JsonElement e) =>
        e.TryGetProperty("conversationId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : null;

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    /// <summary>The client handles one event at a time, in order: a reload finishes before the next event applies.</summary>
    private async Task OnEventAsync(JsonElement e)
    {
        if (e.GetProperty("type").GetString() == "desk.refetch" && Reload is { } reload)
        {
            var conversations = await reload();
            lock (_gate)
            {
                _view.Clear();
                _view.UnionWith(conversations);
            }
        }

        OnEvent(e);
    }

    private void OnEvent(JsonElement e)
    {
        lock (_gate)
        {
            Received.Add(e);
            var type = e.GetProperty("type").GetString()!;
            if (ConversationOf(e) is { } id && type.StartsWith("conversation.", StringComparison.Ordinal))
            {
                if (type == "conversation.removed")
                {
                    _view.Remove(id);
                }
                else
                {
                    _view.Add(id);
                }
            }
        }

        _events.Writer.TryWrite(e);
    }
}
