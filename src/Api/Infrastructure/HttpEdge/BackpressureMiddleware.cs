using System.Threading.RateLimiting;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.Infrastructure.HttpEdge;

/// <summary>
/// At most <c>HTTP_MAX_CONCURRENT</c> requests run at once and <c>HTTP_BACKPRESSURE_QUEUE</c> wait in line;
/// any further request is refused at once with 503 and <c>Retry-After</c>. Health endpoints bypass it
/// so that an orchestrator does not restart a busy instance.
/// </summary>
internal sealed class BackpressureMiddleware(RequestDelegate next, BackpressureGate gate)
{

    public async Task InvokeAsync(HttpContext context)
    {
        if (EdgeProblems.IsHealth(context) || EdgeProblems.IsRealtime(context))
        {
            await next(context);
            return;
        }

        using var lease = await gate.Limiter.AcquireAsync(1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            await EdgeProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, EdgeProblems.Overloaded, "The service is busy; retry shortly.", retryAfterSeconds: 1);
            return;
        }

        await next(context);
    }
}

/// <summary>The process-wide in-flight and queue budget; a singleton so the container disposes it.</summary>
internal sealed class BackpressureGate(WhatsSuiteSettings settings) : IDisposable
{
    public ConcurrencyLimiter Limiter { get; } = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = settings.HttpEdge.MaxConcurrentRequests,
        QueueLimit = settings.HttpEdge.BackpressureQueue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public void Dispose() => Limiter.Dispose();
}
