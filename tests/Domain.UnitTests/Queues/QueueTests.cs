using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Domain.UnitTests.Queues;

public sealed class QueueTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_TrimsAndNormalizesTheName()
    {
        var queue = Queue.Create("  Ventas Norte ", "  ", AssignmentStrategy.RoundRobin, 3, Now);

        Assert.Equal("Ventas Norte", queue.Name);
        Assert.Equal("ventas norte", queue.NormalizedName);
        Assert.Null(queue.Description);
        Assert.Equal(3, queue.AgentCapacity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Queue.MaxAgentCapacity + 1)]
    public void Create_CapacityOutOfRange_Throws(int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Queue.Create("Q", null, AssignmentStrategy.Manual, capacity, Now));
    }

    [Fact]
    public void AddMember_Twice_AddsOnce()
    {
        var queue = Queue.Create("Q", null, AssignmentStrategy.Manual, 5, Now);
        var user = Guid.NewGuid();

        Assert.True(queue.AddMember(user, Now));
        Assert.False(queue.AddMember(user, Now));
        Assert.Single(queue.Members);
    }

    [Fact]
    public void RemoveMember_NotAMember_ReturnsFalse()
    {
        var queue = Queue.Create("Q", null, AssignmentStrategy.Manual, 5, Now);

        Assert.False(queue.RemoveMember(Guid.NewGuid(), Now));
    }
}
