using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.RateLimiting;

internal static class RateLimitingSetup
{
    /// <summary>Rate-limit counters in Redis when <c>REDIS_URL</c> is set, otherwise in memory.</summary>
    public static IServiceCollection AddRateLimitStore(this IServiceCollection services, WhatsSuiteSettings settings)
    {
        if (settings.RedisUrl is not null)
        {
            services.AddSingleton<IRateLimitStore, RedisRateLimitStore>();
        }
        else
        {
            services.AddSingleton<IRateLimitStore, MemoryRateLimitStore>();
        }

        return services;
    }
}
