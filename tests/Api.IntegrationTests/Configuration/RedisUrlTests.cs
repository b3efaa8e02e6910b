using StackExchange.Redis;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Api.IntegrationTests.Configuration;

public sealed class RedisUrlTests
{
    [Fact]
    public async Task Connect_NothingListening_ReturnsADisconnectedClientAfterOneAttempt()
    {
        // The shortest timeout (a one-second connect timeout): the rare refusal noticed only at the timeout costs one second.
        var options = RedisUrl.Parse(TestEnvironment.UnreachableRedisUrl(), TimeSpan.FromMilliseconds(250));
        await using var log = new StringWriter();

        await using var client = await ConnectionMultiplexer.ConnectAsync(options, log);

        // The client's retries while connecting are what can wait out the whole connect timeout each (a start with
        // Redis down held for seconds): there are none, and the client is handed back to reconnect in the background.
        Assert.False(client.IsConnected);
        Assert.DoesNotContain("Retrying", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_RedisListening_Connects()
    {
        await using var client = await ConnectionMultiplexer.ConnectAsync(RedisUrl.Parse(TestEnvironment.RedisUrl));

        Assert.True(client.IsConnected);
    }
}
