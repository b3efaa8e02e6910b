using WhatsSuite.Domain.Sessions;

namespace WhatsSuite.Domain.UnitTests.Sessions;

public sealed class UserSessionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly string TokenHash = new('a', 64);

    [Fact]
    public void IsActiveAt_BeforeExpiryAndNotRevoked_IsTrue()
    {
        var session = UserSession.Open("jti", Guid.NewGuid(), Now, Now.AddMinutes(15), "127.0.0.1", "ua", TokenHash);

        Assert.True(session.IsActiveAt(Now.AddMinutes(14)));
        Assert.False(session.IsActiveAt(Now.AddMinutes(15)));
    }

    [Fact]
    public void Revoke_EndsTheSessionAndKeepsTheFirstRevocationTime()
    {
        var session = UserSession.Open("jti", Guid.NewGuid(), Now, Now.AddMinutes(15), null, null, TokenHash);

        session.Revoke(Now.AddMinutes(1));
        session.Revoke(Now.AddMinutes(2));

        Assert.False(session.IsActiveAt(Now.AddMinutes(1)));
        Assert.Equal(Now.AddMinutes(1), session.RevokedAt);
    }

    [Fact]
    public void Open_ExpiryNotAfterCreation_Throws()
    {
        Assert.Throws<ArgumentException>(() => UserSession.Open("jti", Guid.NewGuid(), Now, Now, null, null, TokenHash));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Open_WithoutTheTokenHash_Throws(string? tokenHash)
    {
        Assert.ThrowsAny<ArgumentException>(() => UserSession.Open("jti", Guid.NewGuid(), Now, Now.AddMinutes(15), null, null, tokenHash!));
    }
}
