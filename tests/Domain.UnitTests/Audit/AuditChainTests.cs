using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Domain.UnitTests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 23, 10, 0, 0, 123, TimeSpan.FromHours(-3));

    private static AuditLog Row(string action = "CreateUser", string? targetType = "User", string? targetId = "42", DateTimeOffset? at = null)
    {
        var log = AuditLog.Record(at ?? Time, ActorKind.User, "actor-1", action, targetType, targetId, AuditOutcome.Success, null, "127.0.0.1", "ua", "req-1");
        log.LinkAfter(1, AuditChain.GenesisHash);
        return log;
    }

    [Fact]
    public void LinkAfter_NewRow_SetsSequencePreviousHashAndAHashOfSixtyFourHexDigits()
    {
        var log = Row();

        Assert.Equal(1, log.Sequence);
        Assert.Equal(AuditChain.GenesisHash, log.PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", log.Hash);
        Assert.Equal(AuditChain.ComputeHash(log), log.Hash);
    }

    [Fact]
    public void LinkAfter_AlreadyLinked_Throws()
    {
        var log = Row();

        Assert.Throws<InvalidOperationException>(() => log.LinkAfter(2, log.Hash));
    }

    [Fact]
    public void Canonical_ShiftedBoundaryBetweenFields_DiffersAndHashesDiffer()
    {
        var a = Row(targetType: "User", targetId: "42");
        var b = Row(targetType: "User4", targetId: "2");
        var c = Row(targetType: null, targetId: "42");

        Assert.NotEqual(AuditChain.Canonical(a), AuditChain.Canonical(b));
        Assert.NotEqual(AuditChain.Canonical(a), AuditChain.Canonical(c));
        Assert.NotEqual(a.Hash, b.Hash);
    }

    [Fact]
    public void Canonical_TimeIsUtcWithMilliseconds()
    {
        var log = Row(at: Time.AddTicks(4567));

        Assert.Contains("2026-11-23T13:00:00.123Z", AuditChain.Canonical(log), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, log.OccurredAt.Offset);
        Assert.Equal(0, log.OccurredAt.Ticks % TimeSpan.TicksPerMillisecond);
    }
}
