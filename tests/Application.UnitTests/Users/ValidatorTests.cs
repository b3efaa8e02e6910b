using FluentValidation;
using WhatsSuite.Application.AuditLogs.ListAuditLogs;
using WhatsSuite.Application.Auth.ChangePassword;
using WhatsSuite.Application.Users.CreateUser;
using WhatsSuite.Application.Users.ListUsers;
using WhatsSuite.Application.Users.UpdateUser;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.UnitTests.Users;

public sealed class ValidatorTests
{
    private static string[] FailedFields<T>(IValidator<T> validator, T message) =>
        [.. validator.Validate(message).Errors.Select(e => e.PropertyName).Distinct()];

    [Fact]
    public void CreateUser_ValidCommand_Passes()
    {
        Assert.Empty(FailedFields(new CreateUserCommandValidator(), new CreateUserCommand("ana@example.com", "Ana", Role.AGENTE, "Long-enough-pass-1")));
    }

    [Theory]
    [InlineData("not-an-email", "Ana", "Long-enough-pass-1", "Email")]
    [InlineData("ana@example.com", "<b>Ana</b>", "Long-enough-pass-1", "FullName")]
    [InlineData("ana@example.com", "Ana\u0007", "Long-enough-pass-1", "FullName")]
    [InlineData("ana@example.com", "   ", "Long-enough-pass-1", "FullName")]
    [InlineData("ana@example.com", "Ana", "short", "Password")]
    [InlineData("ana@example.com", "Ana", "ANA@example.com", "Password")]
    [InlineData("ana@example.com", "Ana", "Password1234", "Password")]
    public void CreateUser_BadField_IsReportedOnThatField(string email, string name, string password, string field)
    {
        var failed = FailedFields(new CreateUserCommandValidator(), new CreateUserCommand(email, name, Role.AGENTE, password));

        Assert.Equal([field], failed);
    }

    [Fact]
    public void CreateUser_OverlongName_IsRefused()
    {
        var failed = FailedFields(new CreateUserCommandValidator(), new CreateUserCommand("ana@example.com", new string('a', User.MaxFullNameLength + 1), Role.AGENTE, "Long-enough-pass-1"));

        Assert.Equal(["FullName"], failed);
    }

    [Fact]
    public void CreateUser_UnknownRole_IsRefused()
    {
        Assert.Equal(["Role"], FailedFields(new CreateUserCommandValidator(), new CreateUserCommand("ana@example.com", "Ana", (Role)42, "Long-enough-pass-1")));
    }

    [Fact]
    public void UpdateUser_MissingRoleAndActive_AreRefused()
    {
        var failed = FailedFields(new UpdateUserCommandValidator(), new UpdateUserCommand(Guid.NewGuid(), "Ana", null, null));

        Assert.Equal(["IsActive", "Role"], failed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ChangePassword_SameAsCurrent_IsRefused()
    {
        Assert.Equal(["NewPassword"], FailedFields(new ChangePasswordCommandValidator(), new ChangePasswordCommand("Same-password-123", "Same-password-123")));
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 0)]
    [InlineData(1, 101)]
    public void ListUsers_PageOutOfRange_IsRefused(int page, int pageSize)
    {
        Assert.NotEmpty(FailedFields(new ListUsersQueryValidator(), new ListUsersQuery(null, null, null, page, pageSize)));
    }

    [Fact]
    public void Login_ControlCharacterInEmail_IsRefused()
    {
        Assert.Equal(["Email"], FailedFields(new WhatsSuite.Application.Auth.Login.LoginCommandValidator(), new WhatsSuite.Application.Auth.Login.LoginCommand("a\u0000@b.c", "x")));
    }

    [Fact]
    public void ChangePassword_CommonNewPassword_IsRefused()
    {
        Assert.Equal(["NewPassword"], FailedFields(new ChangePasswordCommandValidator(), new ChangePasswordCommand("Current-password-1", "qwerty123456")));
    }

    [Fact]
    public void ListAuditLogs_FromAfterTo_IsRefusedOnFrom()
    {
        var now = DateTimeOffset.UtcNow;

        var failed = FailedFields(new ListAuditLogsQueryValidator(), new ListAuditLogsQuery(null, null, null, now, now.AddDays(-1)));

        Assert.Equal(["from"], failed);
    }
}
