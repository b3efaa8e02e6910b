using WhatsSuite.Application.Desk;
using WhatsSuite.Infrastructure.Realtime;

namespace WhatsSuite.Api.IntegrationTests.Realtime;

/// <summary>Embedded mode's sequence counters number a delivery pass's events as if each were taken alone.</summary>
public sealed class MemoryDeskSequencerTests
{
    [Fact]
    public async Task NumberAsync_StepsOfSeveralConversations_NumberAsIfTakenOneByOne()
    {
        var sequencer = new MemoryDeskSequencer();
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), untouched = Guid.NewGuid();

        var numbers = await sequencer.NumberAsync(
            [new(first, true), new(first, false), new(second, true), new(first, true), new(second, false), new(untouched, false)],
            CancellationToken.None);

        Assert.Equal([1L, 1, 1, 2, 1, 0], numbers);
        Assert.Equal(2, await sequencer.NextAsync(second, CancellationToken.None));
    }
}
