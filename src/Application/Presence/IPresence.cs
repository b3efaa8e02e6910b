namespace WhatsSuite.Application.Presence;

/// <summary>
/// Who is online: a user is online while at least one of their hub connections is open, on any instance
/// (shared through Redis in server mode, in memory in embedded mode). Entries of an instance that died expire
/// (<c>REALTIME_PRESENCE_TTL_SECONDS</c>), so a user does not stay online for ever; see docs/realtime.md.
/// </summary>
public interface IPresence
{
    /// <summary>The online users with the number of their open connections, on every instance.</summary>
    Task<IReadOnlyDictionary<Guid, int>> OnlineAsync(CancellationToken cancellationToken);

    /// <summary>Tells every instance that presence or availability changed, so that supervisors hear about it at once.</summary>
    void NotifyChanged();
}
