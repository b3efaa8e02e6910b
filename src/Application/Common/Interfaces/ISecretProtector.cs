namespace WhatsSuite.Application.Common.Interfaces;

/// <summary>
/// Encrypts sensitive column values at rest (TOTP secrets). A protected value names the key that
/// encrypted it, so values under an old key stay readable until the key rotation re-encrypts them.
/// </summary>
public interface ISecretProtector
{
    /// <summary>Encrypts under the current key.</summary>
    string Protect(string plaintext);

    /// <summary>Decrypts a value written by <see cref="Protect"/> under the current or an old key; throws when it was altered.</summary>
    string Unprotect(string protectedValue);

    /// <summary>True when the value is already encrypted under the current key.</summary>
    bool IsProtectedWithCurrentKey(string protectedValue);
}
