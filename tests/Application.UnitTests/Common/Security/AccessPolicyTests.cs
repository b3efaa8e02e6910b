using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users.CreateUser;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.UnitTests.Common.Security;

public sealed class AccessPolicyTests
{
    [RequireRole(Role.ADMIN, Role.SUPERVISOR)]
    private sealed record StaffOnly;

    [RequireRole]
    private sealed record AnySignedIn;

    [RequireRole]
    [AllowWhilePasswordChangeRequired]
    private sealed record AllowedBeforeChange;

    [PublicAccess]
    private sealed record Open;

    [SystemOnly]
    private sealed record JobOnly;

    [RequireRole(Role.ADMIN)]
    [RequireScope(Scopes.UsersRead)]
    private sealed record ScopedAdminOnly;

    private sealed record Undeclared;

    [PublicAccess]
    [RequireRole]
    private sealed record Ambiguous;

    private static Actor User(Role role, bool mustChangePassword = false) =>
        Actor.ForUser(Guid.NewGuid(), role, "jti", mustChangePassword, null, null, null);

    [Theory]
    [InlineData(Role.ADMIN, true)]
    [InlineData(Role.SUPERVISOR, true)]
    [InlineData(Role.AGENTE, false)]
    public void Evaluate_RoleList_AllowsOnlyListedRoles(Role role, bool allowed)
    {
        var error = AccessPolicy.For(typeof(StaffOnly)).Evaluate(User(role));

        Assert.Equal(allowed, error is null);
        if (!allowed)
        {
            Assert.Equal("auth.forbidden", error!.Code);
        }
    }

    [Fact]
    public void Evaluate_AnonymousOnProtectedMessage_IsUnauthenticated()
    {
        Assert.Equal("auth.unauthenticated", AccessPolicy.For(typeof(AnySignedIn)).Evaluate(Actor.Anonymous())!.Code);
    }

    [Fact]
    public void Evaluate_AnySignedInUser_AllowsEveryRole()
    {
        var policy = AccessPolicy.For(typeof(AnySignedIn));

        Assert.All(Enum.GetValues<Role>(), role => Assert.Null(policy.Evaluate(User(role))));
    }

    [Fact]
    public void Evaluate_PasswordChangeRequired_RefusesEverythingButAllowedMessages()
    {
        var actor = User(Role.ADMIN, mustChangePassword: true);

        Assert.Equal("auth.password_change_required", AccessPolicy.For(typeof(StaffOnly)).Evaluate(actor)!.Code);
        Assert.Null(AccessPolicy.For(typeof(AllowedBeforeChange)).Evaluate(actor));
    }

    [Fact]
    public void Evaluate_PublicMessage_AllowsAnonymous()
    {
        Assert.Null(AccessPolicy.For(typeof(Open)).Evaluate(Actor.Anonymous()));
    }

    [Fact]
    public void Evaluate_SystemOnly_AllowsOnlyTheSystemActor()
    {
        var policy = AccessPolicy.For(typeof(JobOnly));

        Assert.Null(policy.Evaluate(Actor.System("test-job")));
        Assert.NotNull(policy.Evaluate(User(Role.ADMIN)));
        Assert.NotNull(policy.Evaluate(Actor.Anonymous()));
    }

    [Fact]
    public void Evaluate_SystemActorOnUserMessage_IsForbidden()
    {
        Assert.Equal("auth.forbidden", AccessPolicy.For(typeof(CreateUserCommand)).Evaluate(Actor.System("test-job"))!.Code);
    }

    [Fact]
    public void Evaluate_ApiKeyWithTheScope_IsAllowedWhateverTheRoles()
    {
        var key = Actor.ForApiKey(Guid.NewGuid(), [Scopes.UsersRead], null, null, null);

        Assert.Null(AccessPolicy.For(typeof(ScopedAdminOnly)).Evaluate(key));
    }

    [Fact]
    public void Evaluate_ApiKeyWithoutTheScope_IsForbidden()
    {
        var key = Actor.ForApiKey(Guid.NewGuid(), [Scopes.UsersWrite, Scopes.AuditRead], null, null, null);

        Assert.Equal("auth.forbidden", AccessPolicy.For(typeof(ScopedAdminOnly)).Evaluate(key)!.Code);
    }

    [Fact]
    public void Evaluate_ApiKeyOnMessageWithoutScope_IsForbidden()
    {
        var key = Actor.ForApiKey(Guid.NewGuid(), Scopes.All, null, null, null);

        Assert.NotNull(AccessPolicy.For(typeof(AnySignedIn)).Evaluate(key));
        Assert.NotNull(AccessPolicy.For(typeof(JobOnly)).Evaluate(key));
    }

    [Theory]
    [InlineData(typeof(Undeclared))]
    [InlineData(typeof(Ambiguous))]
    public void Evaluate_UndeclaredOrAmbiguousRule_FailsClosed(Type messageType)
    {
        var policy = AccessPolicy.For(messageType);

        Assert.False(policy.IsDeclared);
        Assert.NotNull(policy.Evaluate(User(Role.ADMIN)));
        Assert.NotNull(policy.Evaluate(Actor.System("job")));
    }
}
