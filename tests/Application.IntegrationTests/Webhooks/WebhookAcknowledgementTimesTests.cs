using WhatsSuite.Infrastructure.Webhooks;

namespace WhatsSuite.Application.IntegrationTests.Webhooks;

/// <summary>
/// When the inbox processor yields to the receiver: only when more than 1 % of the acknowledgements made during its
/// batch were slower than the threshold. Counts, not clocks: the durations are given.
/// </summary>
public sealed class WebhookAcknowledgementTimesTests
{
    private static readonly TimeSpan Fast = WebhookAcknowledgementTimes.SlowThreshold / 4;
    private static readonly TimeSpan Slow = WebhookAcknowledgementTimes.SlowThreshold * 2;

    [Fact]
    public void SlowedDownSince_NoAcknowledgementDuringTheBatch_IsFalse()
    {
        var times = new WebhookAcknowledgementTimes();
        times.Record(Slow);
        var before = times.Snapshot();

        Assert.False(times.Snapshot().SlowedDownSince(before));
    }

    [Fact]
    public void SlowedDownSince_OneSlowInAHundredAndOne_IsFalse()
    {
        var times = new WebhookAcknowledgementTimes();
        times.Record(Slow);
        var before = times.Snapshot();
        Record(times, Fast, 100);
        times.Record(Slow);

        Assert.False(times.Snapshot().SlowedDownSince(before));
    }

    [Fact]
    public void SlowedDownSince_TwoSlowInAHundredAndTwo_IsTrue()
    {
        var times = new WebhookAcknowledgementTimes();
        var before = times.Snapshot();
        Record(times, Fast, 100);
        Record(times, Slow, 2);

        Assert.True(times.Snapshot().SlowedDownSince(before));
    }

    [Fact]
    public void Record_ExactlyTheThreshold_IsNotSlow()
    {
        var times = new WebhookAcknowledgementTimes();
        times.Record(WebhookAcknowledgementTimes.SlowThreshold);

        Assert.Equal(new AcknowledgementCount(1, 0), times.Snapshot());
    }

    private static void Record(WebhookAcknowledgementTimes times, TimeSpan elapsed, int count)
    {
        for (var i = 0; i < count; i++)
        {
            times.Record(elapsed);
        }
    }
}
