using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>
/// bcrypt at cost 4 that counts its verifications, real and dummy, so tests can prove how many passwords were
/// checked (and that an unknown e-mail costs the same work) without measuring time. When
/// <see cref="Hold"/> is called, verifications block until <see cref="Release"/>, so a test can keep the
/// instance's verification slots busy.
/// </summary>
public sealed class CountingHasher : IPasswordHasher
{
    private readonly string _dummyHash = BCrypt.Net.BCrypt.HashPassword("dummy-password-for-timing", 4);
    private readonly SemaphoreSlim _entered = new(0);
    private ManualResetEventSlim? _gate;
    private int _verifications;
    private int _dummyVerifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public int DummyVerifications => Volatile.Read(ref _dummyVerifications);

    public void Reset()
    {
        Interlocked.Exchange(ref _verifications, 0);
        Interlocked.Exchange(ref _dummyVerifications, 0);
    }

    /// <summary>From now on, every verification waits for <see cref="Release"/>.</summary>
    public void Hold() => _gate = new ManualResetEventSlim(false);

    public void Release() => _gate?.Set();

    /// <summary>Waits until a held verification has started.</summary>
    public Task<bool> EnteredAsync(TimeSpan timeout) => _entered.WaitAsync(timeout);

    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(password, 4);

    public bool Verify(string password, string hash)
    {
        Interlocked.Increment(ref _verifications);
        Wait();
        return BCrypt.Net.BCrypt.Verify(password, hash);
    }

    public void VerifyAgainstDummy(string password)
    {
        Interlocked.Increment(ref _dummyVerifications);
        Wait();
        BCrypt.Net.BCrypt.Verify(password, _dummyHash);
    }

    private void Wait()
    {
        if (_gate is { } gate)
        {
            _entered.Release();
            gate.Wait(TimeSpan.FromSeconds(60));
        }
    }
}
