using WhatsSuite.Application.Common.Retries;

namespace WhatsSuite.Application.UnitTests.Common.Retries;

public sealed class ExponentialBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(4, 16)]
    public void Delay_DoublesPerAttemptWithin20PercentJitter(int attempt, int expectedSeconds)
    {
        for (var i = 0; i < 200; i++)
        {
            var delay = ExponentialBackoff.Delay(attempt, Base, Max);

            Assert.InRange(delay.TotalSeconds, expectedSeconds * 0.8, expectedSeconds * 1.2);
        }
    }

    [Fact]
    public void Delay_ManyAttempts_NeverExceedsTheCap()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(ExponentialBackoff.Delay(50, Base, Max), Max * 0.8, Max);
        }
    }
}
