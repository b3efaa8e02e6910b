using System.Collections.Concurrent;
using StackExchange.Redis;
using WhatsSuite.Application.Desk;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Realtime;

/// <summary>
/// Server mode: a claim is a Redis key per campaign and second, set only if absent (<c>SET NX</c>), kept a few seconds
/// (long enough for every instance's tick of that second to find it; instances' clocks are assumed within that).
/// </summary>
internal sealed class RedisCampaignProgressTicks(IConnectionMultiplexer redis, WhatsSuiteSettings settings) : ICampaignProgressTicks
{
    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(10);

    public Task<bool> ClaimAsync(Guid campaignId, long unixSecond, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync($"{settings.RedisSessionPrefix}:campaign-progress:{campaignId:N}:{unixSecond}", 1, Keep, When.NotExists);
}

/// <summary>Embedded mode (one instance): a campaign's second is claimed when it is later than the last one claimed.</summary>
internal sealed class MemoryCampaignProgressTicks : ICampaignProgressTicks
{
    private readonly ConcurrentDictionary<Guid, long> _last = new();

    public Task<bool> ClaimAsync(Guid campaignId, long unixSecond, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_last.TryGetValue(campaignId, out var last))
            {
                if (last >= unixSecond)
                {
                    return Task.FromResult(false);
                }

                if (_last.TryUpdate(campaignId, unixSecond, last))
                {
                    return Task.FromResult(true);
                }
            }
            else if (_last.TryAdd(campaignId, unixSecond))
            {
                return Task.FromResult(true);
            }
        }
    }
}
