using WhatsSuite.Domain.Sessions;

namespace WhatsSuite.Domain.UnitTests.Sessions;

public sealed class RefreshTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsUsableAt_FreshToken_IsUsableUntilItExpires()
    {
        var token = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), "hash", "jti", Now, Now.AddDays(7));

        Assert.True(token.IsUsableAt(Now.AddDays(6)));
        Assert.False(token.IsUsableAt(Now.AddDays(7)));
    }

    [Fact]
    public void Issue_ExpiryNotAfterIssue_Throws()
    {
        Assert.Throws<ArgumentException>(() => RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), "hash", "jti", Now, Now));
    }
}
