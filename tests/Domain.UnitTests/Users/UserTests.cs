using WhatsSuite.Domain.Users;

namespace WhatsSuite.Domain.UnitTests.Users;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static User NewUser(Role role = Role.AGENTE) =>
        User.Create("  Ana.Perez@Example.COM ", " Ana Pérez ", role, "hash", mustChangePassword: true, Now);

    [Fact]
    public void Create_TrimsAndNormalizesTheEmail()
    {
        var user = NewUser();

        Assert.Equal("Ana.Perez@Example.COM", user.Email);
        Assert.Equal("ana.perez@example.com", user.NormalizedEmail);
        Assert.Equal("Ana Pérez", user.FullName);
        Assert.True(user.IsActive);
        Assert.True(user.MustChangePassword);
        Assert.Equal(Now, user.CreatedAt);
        Assert.NotEqual(Guid.Empty, user.Id);
    }

    [Fact]
    public void Create_UnknownRole_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => User.Create("a@b.c", "A", (Role)99, "hash", false, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_BlankName_Throws(string name)
    {
        Assert.ThrowsAny<ArgumentException>(() => User.Create("a@b.c", name, Role.ADMIN, "hash", false, Now));
    }

    [Fact]
    public void NormalizeEmail_DifferentCase_GivesTheSameValue()
    {
        Assert.Equal(User.NormalizeEmail("Admin@WhatsSuite.local"), User.NormalizeEmail(" admin@whatssuite.LOCAL"));
    }

    [Fact]
    public void Deactivate_Twice_ReportsOnlyTheFirstChange()
    {
        var user = NewUser();

        Assert.True(user.Deactivate(Now.AddMinutes(1)));
        Assert.False(user.Deactivate(Now.AddMinutes(2)));
        Assert.False(user.IsActive);
        Assert.Equal(Now.AddMinutes(1), user.UpdatedAt);
    }

    [Fact]
    public void ChangePassword_ClearsTheChangeRequirement()
    {
        var user = NewUser();

        user.ChangePassword("new-hash", Now.AddMinutes(5));

        Assert.Equal("new-hash", user.PasswordHash);
        Assert.False(user.MustChangePassword);
        Assert.Equal(Now.AddMinutes(5), user.UpdatedAt);
    }

    [Fact]
    public void UpdateProfile_ChangesNameAndRole()
    {
        var user = NewUser();

        user.UpdateProfile(" Ana María ", Role.SUPERVISOR, Now.AddHours(1));

        Assert.Equal("Ana María", user.FullName);
        Assert.Equal(Role.SUPERVISOR, user.Role);
    }
}
