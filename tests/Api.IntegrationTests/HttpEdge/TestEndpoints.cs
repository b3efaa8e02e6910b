using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace WhatsSuite.Api.IntegrationTests.HttpEdge;

/// <summary>
/// Test-only endpoints appended after the application's whole pipeline (they answer only paths no real
/// endpoint matches), so every edge middleware runs before them: <c>/test/slow</c> waits for the test to
/// release it, <c>/test/hang</c> waits until the request is cancelled.
/// </summary>
internal sealed class TestEndpoints
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a request has entered <c>/test/slow</c>.</summary>
    public Task Entered => _entered.Task;

    public void Release() => _release.TrySetResult();

    public void Register(IServiceCollection services) => services.AddTransient<IStartupFilter>(_ => new Filter(this));

    private sealed class Filter(TestEndpoints endpoints) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(async context =>
            {
                if (context.Request.Path == "/test/slow")
                {
                    endpoints._entered.TrySetResult();
                    await endpoints._release.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    await context.Response.WriteAsync("done");
                }
                else if (context.Request.Path == "/test/hang")
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                    await context.Response.WriteAsync("not cancelled");
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                }
            });
        };
    }
}
