using System.Collections.Concurrent;
using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log provider is one for the whole process (<c>LogProvider.SetCurrentLogProvider</c>), and Hangfire's
/// components ask it for loggers whenever they like, while the logging they should write to belongs to a host that
/// may stop (and dispose its logger factory) while another host in the same process goes on. This provider writes
/// to the logging of the most recently started host that is still running: in production the one host, in the HTTP
/// tests (many hosts in one process) one of them, and never a disposed one.
/// </summary>
internal sealed class HangfireLogRouting : ILogProvider
{
    private readonly Lock _gate = new();
    private readonly List<Binding> _hosts = [];

    private HangfireLogRouting()
    {
    }

    public static HangfireLogRouting Instance { get; } = new();

    public ILog GetLogger(string name) => new RoutedLog(this, name);

    private Binding? Current
    {
        get
        {
            lock (_gate)
            {
                return _hosts.Count == 0 ? null : _hosts[^1];
            }
        }
    }

    private sealed class RoutedLog(HangfireLogRouting routing, string name) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (routing.Current is not { } host)
            {
                return false;
            }

            try
            {
                return host.Logger(name).Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                // The host stopped between being chosen and being written to; the line has no host left to go to.
                return false;
            }
        }
    }

    /// <summary>One host's logging, attached for as long as the host's container lives (a singleton disposed with it).</summary>
    internal sealed class Binding : IDisposable
    {
        private readonly AspNetCoreLogProvider _provider;
        private readonly ConcurrentDictionary<string, ILog> _loggers = new(StringComparer.Ordinal);

        public Binding(ILoggerFactory loggerFactory)
        {
            _provider = new AspNetCoreLogProvider(loggerFactory);
            lock (Instance._gate)
            {
                Instance._hosts.Add(this);
            }
        }

        public ILog Logger(string name) => _loggers.GetOrAdd(name, _provider.GetLogger);

        public void Dispose()
        {
            lock (Instance._gate)
            {
                Instance._hosts.Remove(this);
            }
        }
    }
}
