using WhatsSuite.Application.Auth.Login;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Users.ListUsers;

namespace WhatsSuite.Application.UnitTests.Common.Behaviors;

public sealed class NamingTests
{
    [Fact]
    public void MessageName_StripsCommandAndQuerySuffixes()
    {
        Assert.Equal("Login", MessageName<LoginCommand>.Action);
        Assert.Equal("ListUsers", MessageName<ListUsersQuery>.Action);
    }

    [Theory]
    [InlineData("FullName", "fullName")]
    [InlineData("Items[0].PhoneNumber", "items[0].phoneNumber")]
    [InlineData("from", "from")]
    public void ToCamelCase_MatchesTheJsonFieldNames(string property, string expected)
    {
        Assert.Equal(expected, ValidationBehavior<LoginCommand, WhatsSuite.Application.Common.Results.Result<WhatsSuite.Application.Auth.AccessTokenDto>>.ToCamelCase(property));
    }

    [Fact]
    public void LoginCommand_ToString_NeverShowsThePassword()
    {
        Assert.DoesNotContain("hunter2-secret", new LoginCommand("a@b.c", "hunter2-secret").ToString(), StringComparison.Ordinal);
    }
}
