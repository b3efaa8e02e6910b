using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Application.Common.Security;

/// <summary>
/// Every password verification of the instance (sign-in, password change, turning MFA off) runs through here:
/// at most <see cref="AuthenticationOptions.PasswordVerifyConcurrency"/> at once, at most
/// <see cref="AuthenticationOptions.PasswordVerifyQueue"/> waiting, each for at most
/// <see cref="AuthenticationOptions.PasswordVerifyQueueTimeout"/>. Anything beyond throws
/// <see cref="ServiceOverloadedException"/> (503 <c>overloaded</c>). A bcrypt verification holds a core for a
/// large fraction of a second, so this keeps a flood of sign-ins from taking every core and every request slot
/// of the instance: the rest of the API keeps answering.
/// </summary>
public sealed class PasswordVerifier : IDisposable
{
    private readonly IPasswordHasher _hasher;
    private readonly AuthenticationOptions _options;
    private readonly SemaphoreSlim _slots;
    private int _waiting;

    public PasswordVerifier(IPasswordHasher hasher, AuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _hasher = hasher;
        _options = options;
        _slots = new SemaphoreSlim(options.PasswordVerifyConcurrency, options.PasswordVerifyConcurrency);
    }

    /// <summary>Verifications waiting for a slot right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public Task<bool> VerifyAsync(string password, string hash, CancellationToken cancellationToken) =>
        RunAsync(() => _hasher.Verify(password, hash), cancellationToken);

    /// <summary>The same work as <see cref="VerifyAsync"/> without a real hash (unknown e-mails), under the same bound.</summary>
    public Task VerifyAgainstDummyAsync(string password, CancellationToken cancellationToken) =>
        RunAsync(
            () =>
            {
                _hasher.VerifyAgainstDummy(password);
                return true;
            },
            cancellationToken);

    public void Dispose() => _slots.Dispose();

    private async Task<T> RunAsync<T>(Func<T> verification, CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            if (Interlocked.Increment(ref _waiting) > _options.PasswordVerifyQueue)
            {
                Interlocked.Decrement(ref _waiting);
                throw new ServiceOverloadedException("Every password verification slot is busy and the queue is full.");
            }

            try
            {
                if (!await _slots.WaitAsync(_options.PasswordVerifyQueueTimeout, cancellationToken))
                {
                    throw new ServiceOverloadedException("No password verification slot became free in time.");
                }
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        try
        {
            return verification();
        }
        finally
        {
            _slots.Release();
        }
    }
}
