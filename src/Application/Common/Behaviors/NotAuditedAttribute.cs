namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// The command writes no audit row of its own. Only for high-volume commands the system sends for itself
/// (one per webhook delivery), whose outcome is recorded where the work lives (the inbox entry's status,
/// attempts and last error): auditing them would serialize every delivery on the hash-chained audit
/// trail and flood it with rows that are not user actions. Allowed on <c>[SystemOnly]</c> messages only
/// (an architecture test checks it); a refusal by authorization is still audited.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NotAuditedAttribute : Attribute
{
    public static bool IsDeclaredOn(Type messageType) => IsDefined(messageType, typeof(NotAuditedAttribute), inherit: false);
}
