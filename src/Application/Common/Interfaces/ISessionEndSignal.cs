namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Tells every instance that sessions ended, so that the real-time connections opened with them close at once
/// (Redis pub/sub in server mode, in process in embedded mode).
/// </summary>
public interface ISessionEndSignal
{
    /// <summary>Sessions <paramref name="jtis"/> ended (for a whole user, <paramref name="userId"/> too).</summary>
    void Ended(Guid? userId, IReadOnlyCollection<string> jtis);

    /// <summary>API key <paramref name="apiKeyId"/> was revoked: the desk connections opened with it close too.</summary>
    void ApiKeyEnded(Guid apiKeyId);
}

/// <summary>
/// The notice carried by <see cref="ISessionEndSignal"/>: every session of <see cref="UserId"/> when set, the sessions
/// <see cref="Jtis"/>, and every connection of the API key <see cref="ApiKeyId"/> when set.
/// </summary>
public sealed record SessionsEndedNotice(Guid? UserId, IReadOnlyList<string> Jtis, Guid? ApiKeyId = null);
