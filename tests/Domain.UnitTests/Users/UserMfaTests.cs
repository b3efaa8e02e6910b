using WhatsSuite.Domain.Users;

namespace WhatsSuite.Domain.UnitTests.Users;

public sealed class UserMfaTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static User EnrolledUser()
    {
        var user = User.Create("ana@example.com", "Ana", Role.AGENTE, "hash", mustChangePassword: false, Now);
        user.BeginMfaEnrollment("enc:v1:0123abcd:payload", Now);
        user.EnableMfa(100, ["h1", "h2"], Now);
        return user;
    }

    [Fact]
    public void EnableMfa_WithoutPendingSecret_Throws()
    {
        var user = User.Create("ana@example.com", "Ana", Role.AGENTE, "hash", mustChangePassword: false, Now);

        Assert.Throws<InvalidOperationException>(() => user.EnableMfa(1, ["h"], Now));
        Assert.False(user.MfaEnabled);
    }

    [Fact]
    public void BeginMfaEnrollment_WhileEnabled_Throws()
    {
        var user = EnrolledUser();

        Assert.Throws<InvalidOperationException>(() => user.BeginMfaEnrollment("enc:v1:0123abcd:other", Now));
        Assert.Equal("enc:v1:0123abcd:payload", user.MfaSecret);
    }

    [Fact]
    public void TryUseMfaStep_SameOrEarlierStep_Refused()
    {
        var user = EnrolledUser();

        Assert.False(user.TryUseMfaStep(100));
        Assert.False(user.TryUseMfaStep(99));
        Assert.True(user.TryUseMfaStep(101));
        Assert.False(user.TryUseMfaStep(101));
    }

    [Fact]
    public void TryUseRecoveryCode_EachHashOnce()
    {
        var user = EnrolledUser();

        Assert.True(user.TryUseRecoveryCode("h1"));
        Assert.False(user.TryUseRecoveryCode("h1"));
        Assert.False(user.TryUseRecoveryCode("unknown"));
        Assert.Equal(1, user.RemainingRecoveryCodes);
    }

    [Fact]
    public void ConsumeMfaChallenge_MatchingUnexpired_OnceOnly()
    {
        var user = EnrolledUser();
        user.StartMfaChallenge("c1", Now.AddMinutes(5));

        Assert.True(user.ConsumeMfaChallenge("c1", Now.AddMinutes(1)));
        Assert.False(user.ConsumeMfaChallenge("c1", Now.AddMinutes(1)));
    }

    [Fact]
    public void ConsumeMfaChallenge_ExpiredOrWrong_RefusedAndCleared()
    {
        var user = EnrolledUser();
        user.StartMfaChallenge("c1", Now.AddMinutes(5));
        Assert.False(user.ConsumeMfaChallenge("c1", Now.AddMinutes(5)));

        user.StartMfaChallenge("c2", Now.AddMinutes(5));
        Assert.False(user.ConsumeMfaChallenge("other", Now));
        Assert.Null(user.MfaChallengeHash);
    }

    [Fact]
    public void DisableMfa_ClearsEverything()
    {
        var user = EnrolledUser();
        user.StartMfaChallenge("c1", Now.AddMinutes(5));

        user.DisableMfa(Now);

        Assert.False(user.MfaEnabled);
        Assert.Null(user.MfaSecret);
        Assert.Null(user.MfaLastUsedStep);
        Assert.Equal(0, user.RemainingRecoveryCodes);
        Assert.Null(user.MfaChallengeHash);
    }
}
