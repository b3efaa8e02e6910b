namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// The webhook receiver keeps each connection's decrypted app secret in memory for a short time (it checks
/// thousands of signatures a second). A use case that replaces a connection's app secret, or deletes the
/// connection, calls <see cref="Invalidate"/> after saving so the change takes effect at once.
/// </summary>
public interface IConnectionSecretCache
{
    void Invalidate(Guid connectionId);
}
