using System.Net;
using System.Net.Sockets;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// A loopback TCP proxy in front of a real server (the suite's Redis) that can be made to hang: while hung it
/// keeps every connection open and accepts new ones but passes nothing on, like a server that stopped answering
/// without closing its sockets. Bytes are held, not dropped, so the conversations resume in order afterwards.
/// Only this proxy's own connections are affected; the shared Redis behind it is never paused.
/// </summary>
public sealed class HangingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _flowing = CompletedFlow();
    private readonly Task _accepting;

    public HangingTcpProxy(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A proxy in front of the suite's Redis, and the Redis URL that goes through it.</summary>
    public static (HangingTcpProxy Proxy, string RedisUrl) ForTestRedis()
    {
        var upstream = new Uri(TestEnvironment.RedisUrl);
        var proxy = new HangingTcpProxy(upstream.Host, upstream.IsDefaultPort || upstream.Port < 0 ? 6379 : upstream.Port);
        var url = new UriBuilder(upstream) { Host = "127.0.0.1", Port = proxy.Port }.Uri.ToString().TrimEnd('/');
        return (proxy, url);
    }

    public void Hang()
    {
        lock (_gate)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            _flowing.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Resume();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource CompletedFlow()
    {
        var flow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flow.SetResult();
        return flow;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            lock (_gate)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
                    await Task.WhenAny(PumpAsync(client.GetStream(), upstream.GetStream()), PumpAsync(upstream.GetStream(), client.GetStream()));
                }
                catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
                {
                }
                finally
                {
                    client.Dispose();
                    upstream.Dispose();
                }
            });
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                Task flowing;
                lock (_gate)
                {
                    flowing = _flowing.Task;
                }

                await flowing.WaitAsync(_stop.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }
}
