using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Infrastructure.Identity;

/// <summary>bcrypt at the configured cost (<c>BCRYPT_SALT_ROUNDS</c>).</summary>
internal sealed class BcryptPasswordHasher : IPasswordHasher
{
    private readonly int _workFactor;
    private readonly string _dummyHash;

    public BcryptPasswordHasher(int workFactor)
    {
        _workFactor = workFactor;
        _dummyHash = BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString("N"), workFactor);
    }

    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, _workFactor);

    public bool Verify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    public void VerifyAgainstDummy(string password) => BCrypt.Net.BCrypt.Verify(password, _dummyHash);
}
