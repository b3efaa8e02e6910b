using WhatsSuite.Application.Auth.ConfirmMfa;
using WhatsSuite.Application.Auth.DisableMfa;
using WhatsSuite.Application.Auth.EnrollMfa;
using WhatsSuite.Application.Auth.GetCurrentUser;
using WhatsSuite.Application.Auth.Logout;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Users.ListUsers;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.UnitTests.Common.Security;

/// <summary>A user whose role requires MFA and who has not enrolled may only enrol, confirm, see themselves, change the password and sign out.</summary>
public sealed class MfaAccessPolicyTests
{
    private static Actor Admin(bool mfaEnrollmentRequired) =>
        Actor.ForUser(Guid.NewGuid(), Role.ADMIN, "jti", false, null, null, null) with { MfaEnrollmentRequired = mfaEnrollmentRequired };

    [Theory]
    [InlineData(typeof(ListUsersQuery))]
    [InlineData(typeof(DisableMfaCommand))]
    public void Evaluate_EnrollmentRequired_RefusesOtherMessages(Type message)
    {
        var error = AccessPolicy.For(message).Evaluate(Admin(mfaEnrollmentRequired: true));

        Assert.Equal("auth.mfa_enrollment_required", error?.Code);
    }

    [Theory]
    [InlineData(typeof(EnrollMfaCommand))]
    [InlineData(typeof(ConfirmMfaCommand))]
    [InlineData(typeof(GetCurrentUserQuery))]
    [InlineData(typeof(LogoutCommand))]
    [InlineData(typeof(Auth.ChangePassword.ChangePasswordCommand))]
    public void Evaluate_EnrollmentRequired_AllowsEnrolmentAndSelfService(Type message)
    {
        Assert.Null(AccessPolicy.For(message).Evaluate(Admin(mfaEnrollmentRequired: true)));
    }

    [Fact]
    public void Evaluate_EnrolledOrNotRequired_AllowsEverythingTheRoleAllows()
    {
        Assert.Null(AccessPolicy.For(typeof(ListUsersQuery)).Evaluate(Admin(mfaEnrollmentRequired: false)));
    }
}
