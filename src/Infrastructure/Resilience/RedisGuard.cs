using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Resilience;

/// <summary>
/// Every Redis call on a request path (sessions, rate-limit counters, the shared send budget, readiness) goes
/// through this one pipeline of the instance: a timeout of <c>REDIS_TIMEOUT_MS</c> per call, inside a circuit
/// breaker that opens when half of the calls of the last ten seconds (at least eight) failed. While it is open,
/// calls fail at once for <c>REDIS_CIRCUIT_BREAK_SECONDS</c>; then one trial call is let through, and a success
/// closes it again. Failures leave as <see cref="DependencyUnavailableException"/> (503 for the client).
/// StackExchange.Redis calls take no cancellation token, so a call that times out is abandoned, not stopped;
/// the client's own timeout (set to the same value) ends it soon after.
/// See docs/decisions/0015-sign-in-load-and-redis-outages.md.
/// </summary>
public sealed partial class RedisGuard
{
    private readonly ResiliencePipeline _pipeline;

    public RedisGuard(WhatsSuiteSettings settings, ILogger<RedisGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var handled = new PredicateBuilder()
            .Handle<RedisException>()
            .Handle<TimeoutException>()
            .Handle<TimeoutRejectedException>();

        // The breaker measures time on the real clock, whatever TimeProvider the application uses.
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = TimeProvider.System }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 8,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = settings.RedisCircuitBreak,
                ShouldHandle = handled,
                OnOpened = args =>
                {
                    LogOpened(logger, args.Outcome.Exception, (int)args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogClosed(logger);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(settings.RedisTimeout)
            .Build();
    }

    /// <summary>Runs one Redis operation within the timeout and the breaker.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    var call = state(token);
                    try
                    {
                        return await call.WaitAsync(token);
                    }
                    catch (OperationCanceledException) when (!call.IsCompleted)
                    {
                        // Abandoned: observe its eventual failure so that it is not reported as unobserved.
                        _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                        throw;
                    }
                },
                operation,
                cancellationToken);
        }
        catch (BrokenCircuitException exception)
        {
            throw new DependencyUnavailableException("Redis is unavailable (circuit open).", exception);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new DependencyUnavailableException("Redis did not answer in time.", exception);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new DependencyUnavailableException("Redis failed.", exception);
        }
    }

    /// <summary>Runs one Redis operation that answers nothing.</summary>
    public Task RunAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RunAsync(
            async token =>
            {
                await operation(token);
                return true;
            },
            cancellationToken);
    }

    [LoggerMessage(EventId = LogEvents.RedisCircuitOpened, Level = LogLevel.Error, Message = "Redis circuit opened: calls fail at once for {BreakSeconds} s")]
    private static partial void LogOpened(ILogger logger, Exception? exception, int breakSeconds);

    [LoggerMessage(EventId = LogEvents.RedisCircuitClosed, Level = LogLevel.Information, Message = "Redis circuit closed: Redis answers again")]
    private static partial void LogClosed(ILogger logger);
}
