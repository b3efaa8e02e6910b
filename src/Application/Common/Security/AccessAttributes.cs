using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Common.Security;

/// <summary>
/// The message needs a signed-in user; when roles are given, one of them. A message type carries exactly
/// one access attribute: <see cref="RequireRoleAttribute"/>, <see cref="PublicAccessAttribute"/> or
/// <see cref="SystemOnlyAttribute"/>. A message with none is refused (fail closed).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequireRoleAttribute(params Role[] roles) : Attribute
{
    public IReadOnlyList<Role> Roles { get; } = roles;
}

/// <summary>Anyone may send the message, signed in or not (login).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PublicAccessAttribute : Attribute;

/// <summary>Only the system actor may send the message (background jobs).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SystemOnlyAttribute : Attribute;

/// <summary>
/// A signed-in user whose password must be changed may still send this message (see who they are,
/// change the password, sign out). Everything else is refused until the password is changed.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowWhilePasswordChangeRequiredAttribute : Attribute;

/// <summary>
/// A signed-in user whose role requires MFA but who has not enrolled may still send this message (enrol,
/// confirm, see who they are, change the password, sign out). Everything else is refused until they enrol.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowWhileMfaEnrollmentRequiredAttribute : Attribute;
