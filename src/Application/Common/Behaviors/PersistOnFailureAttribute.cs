namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// The command's writes are committed even when it answers an error. For refusals that must themselves
/// change state, such as revoking a refresh-token family when a used token is presented again.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PersistOnFailureAttribute : Attribute
{
    public static bool IsDeclaredOn(Type messageType) => IsDefined(messageType, typeof(PersistOnFailureAttribute), inherit: false);
}
