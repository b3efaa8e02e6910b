using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.UnitTests.Common.Security;

/// <summary>
/// Password verifications are bounded per instance: a fixed number run at once, a few wait briefly, and any
/// further one is refused at once (503 overloaded at the HTTP edge).
/// </summary>
public sealed class PasswordVerifierTests : IDisposable
{
    private readonly HeldHasher _hasher = new();

    public void Dispose()
    {
        _hasher.Open();
        _hasher.Dispose();
    }

    private PasswordVerifier Verifier(int concurrency, int queue, TimeSpan queueTimeout) =>
        new(_hasher, new AuthenticationOptions { PasswordVerifyConcurrency = concurrency, PasswordVerifyQueue = queue, PasswordVerifyQueueTimeout = queueTimeout });

    [Fact]
    public async Task VerifyAsync_SlotsBusyAndQueueFull_ThrowsOverloadedWithoutVerifying()
    {
        using var verifier = Verifier(concurrency: 1, queue: 1, queueTimeout: TimeSpan.FromMinutes(1));
        var running = Task.Run(() => verifier.VerifyAsync("pw", "hash", CancellationToken.None));
        await _hasher.EnteredAsync();
        var queued = verifier.VerifyAsync("pw", "hash", CancellationToken.None);
        Assert.Equal(1, verifier.Waiting);

        await Assert.ThrowsAsync<ServiceOverloadedException>(() => verifier.VerifyAsync("pw", "hash", CancellationToken.None));
        await Assert.ThrowsAsync<ServiceOverloadedException>(() => verifier.VerifyAgainstDummyAsync("pw", CancellationToken.None));

        _hasher.Open();
        Assert.True(await running);
        Assert.True(await queued);
        Assert.Equal(2, _hasher.Calls);
    }

    [Fact]
    public async Task VerifyAsync_NoSlotFreesWithinTheQueueTime_ThrowsOverloaded()
    {
        using var verifier = Verifier(concurrency: 1, queue: 5, queueTimeout: TimeSpan.FromMilliseconds(50));
        var running = Task.Run(() => verifier.VerifyAsync("pw", "hash", CancellationToken.None));
        await _hasher.EnteredAsync();

        await Assert.ThrowsAsync<ServiceOverloadedException>(() => verifier.VerifyAsync("pw", "hash", CancellationToken.None));

        Assert.Equal(0, verifier.Waiting);
        _hasher.Open();
        Assert.True(await running);
        Assert.Equal(1, _hasher.Calls);
    }

    [Fact]
    public async Task VerifyAsync_SlotFreesWhileWaiting_VerifiesThenAndFreesTheSlotAgain()
    {
        using var verifier = Verifier(concurrency: 1, queue: 1, queueTimeout: TimeSpan.FromMinutes(1));
        var running = Task.Run(() => verifier.VerifyAsync("pw", "hash", CancellationToken.None));
        await _hasher.EnteredAsync();
        var queued = verifier.VerifyAsync("pw", "hash", CancellationToken.None);

        _hasher.Open();

        Assert.True(await running);
        Assert.True(await queued);
        Assert.True(await verifier.VerifyAsync("pw", "hash", CancellationToken.None));
        Assert.Equal(3, _hasher.Calls);
    }

    /// <summary>Verifications block until <see cref="Open"/>; answers true.</summary>
    private sealed class HeldHasher : IPasswordHasher, IDisposable
    {
        private readonly ManualResetEventSlim _open = new(false);
        private readonly SemaphoreSlim _entered = new(0);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Open() => _open.Set();

        public async Task EnteredAsync() => Assert.True(await _entered.WaitAsync(TimeSpan.FromSeconds(30)), "a verification started");

        public string Hash(string password) => password;

        public bool Verify(string password, string hash)
        {
            Interlocked.Increment(ref _calls);
            _entered.Release();
            _open.Wait(TimeSpan.FromSeconds(30));
            return true;
        }

        public void VerifyAgainstDummy(string password) => Verify(password, string.Empty);

        public void Dispose()
        {
            _open.Dispose();
            _entered.Dispose();
        }
    }
}
