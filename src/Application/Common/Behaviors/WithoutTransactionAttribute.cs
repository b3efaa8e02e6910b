namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// The command waits on a remote system (WhatsApp) and then saves once; it runs without a surrounding
/// database transaction, so that no lock is held while it waits (in embedded mode SQLite's single write
/// lock would stall every other writer). Its one <c>SaveChanges</c> is atomic on its own.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WithoutTransactionAttribute : Attribute
{
    public static bool IsDeclaredOn(Type messageType) => IsDefined(messageType, typeof(WithoutTransactionAttribute), inherit: false);
}
