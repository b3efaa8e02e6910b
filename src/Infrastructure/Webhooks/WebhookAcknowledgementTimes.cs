namespace WhatsSuite.Infrastructure.Webhooks;

/// <summary>
/// How fast this instance acknowledges webhook deliveries: the receiver records how long each stored delivery took
/// (secret, signature, inbox row committed), and the inbox processor compares two <see cref="Snapshot"/>s to learn
/// whether the acknowledgements made during its last batch were slowed down (more than
/// <see cref="SlowShareLimit"/> of them slower than <see cref="SlowThreshold"/>). Only then does processing yield
/// CPU to the receiver (ADR 0011, 0022). Lock-free counters; one instance per process.
/// </summary>
public sealed class WebhookAcknowledgementTimes
{
    /// <summary>An acknowledgement slower than this counts as slowed down (the product's target is a p99 of 50 ms for the whole answer).</summary>
    public static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(20);

    /// <summary>The share of slow acknowledgements above which processing yields: 1 %, the p99 the target is about.</summary>
    public const double SlowShareLimit = 0.01;

    private long _count;
    private long _slow;

    /// <summary>Records one stored delivery and how long the receiver took to commit it.</summary>
    public void Record(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _count);
        if (elapsed > SlowThreshold)
        {
            Interlocked.Increment(ref _slow);
        }
    }

    public AcknowledgementCount Snapshot() => new(Interlocked.Read(ref _count), Interlocked.Read(ref _slow));
}

/// <summary>Acknowledgements recorded so far, and how many of them were slow.</summary>
public readonly record struct AcknowledgementCount(long Count, long Slow)
{
    /// <summary>True when, of the acknowledgements since <paramref name="before"/>, more than <see cref="WebhookAcknowledgementTimes.SlowShareLimit"/> were slow.</summary>
    public bool SlowedDownSince(AcknowledgementCount before)
    {
        var count = Count - before.Count;
        var slow = Slow - before.Slow;
        return count > 0 && slow > count * WebhookAcknowledgementTimes.SlowShareLimit;
    }
}
