using WhatsSuite.Application.Common.Paging;

namespace WhatsSuite.Application.UnitTests.Common.Paging;

public sealed class PageTotalTests
{
    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(999, 999, false)]
    [InlineData(1000, 1000, false)]
    [InlineData(1001, 1000, true)]
    [InlineData(21_021, 1000, true)]
    public void FromCountUpToCap_CountAtOrPastTheCap_IsExactUpToItAndCappedPastIt(int counted, int expectedCount, bool expectedCapped)
    {
        var total = PageTotal.FromCountUpToCap(counted);

        Assert.Equal((expectedCount, expectedCapped), (total.Count, total.Capped));
    }

    [Fact]
    public void PagedList_CappedTotal_CarriesTheFlagAndPagesUpToTheCap()
    {
        var page = PagedList.From<int>([1, 2], 1, 20, PageTotal.FromCountUpToCap(1001));

        Assert.Equal((1000, true, 50), (page.TotalCount, page.TotalCountCapped, page.TotalPages));
    }
}
