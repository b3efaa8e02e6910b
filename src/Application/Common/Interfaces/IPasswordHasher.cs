namespace WhatsSuite.Application.Common.Interfaces;

public interface IPasswordHasher
{
    string Hash(string password);

    bool Verify(string password, string hash);

    /// <summary>
    /// Spends the same time as a real verification without a real hash, so that an unknown e-mail
    /// cannot be told from a wrong password by timing.
    /// </summary>
    void VerifyAgainstDummy(string password);
}
