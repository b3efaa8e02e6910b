namespace WhatsSuite.Domain.Users;

/// <summary>A person who signs in to WhatsSuite. Changes only through its methods.</summary>
public sealed class User
{
    public const int MaxEmailLength = 254;
    public const int MaxFullNameLength = 120;

    private User()
    {
        Email = string.Empty;
        NormalizedEmail = string.Empty;
        FullName = string.Empty;
        PasswordHash = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>The address as the user typed it.</summary>
    public string Email { get; private set; }

    /// <summary>Lower-case, trimmed address; unique across users.</summary>
    public string NormalizedEmail { get; private set; }

    public string FullName { get; private set; }

    public Role Role { get; private set; }

    public bool IsActive { get; private set; }

    public string PasswordHash { get; private set; }

    /// <summary>True until the user picks a password of their own (seeded admin, reset accounts).</summary>
    public bool MustChangePassword { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? LastLoginAt { get; private set; }

    /// <summary>Whether the user takes new conversations while online (they set it themselves); new users are available.</summary>
    public Availability Availability { get; private set; } = Availability.Available;

    /// <summary>The TOTP secret, encrypted at rest (never plaintext). Set from enrolment on; pending until <see cref="MfaEnabled"/>.</summary>
    public string? MfaSecret { get; private set; }

    /// <summary>True once the user confirmed an authenticator code; sign-in then needs a second step.</summary>
    public bool MfaEnabled { get; private set; }

    /// <summary>The last TOTP time step accepted; a code for this step or an earlier one is refused (no replay).</summary>
    public long? MfaLastUsedStep { get; private set; }

    /// <summary>SHA-256 hashes (hex, space separated) of the unused recovery codes.</summary>
    public string? MfaRecoveryCodeHashes { get; private set; }

    /// <summary>SHA-256 hash (hex) of the one outstanding sign-in challenge, single use.</summary>
    public string? MfaChallengeHash { get; private set; }

    public DateTimeOffset? MfaChallengeExpiresAt { get; private set; }

    public int RemainingRecoveryCodes => RecoveryHashes().Count;

    public static User Create(string email, string fullName, Role role, string passwordHash, bool mustChangePassword, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role.");
        }

        return new User
        {
            Id = Guid.CreateVersion7(now),
            Email = email.Trim(),
            NormalizedEmail = NormalizeEmail(email),
            FullName = fullName.Trim(),
            Role = role,
            IsActive = true,
            PasswordHash = passwordHash,
            MustChangePassword = mustChangePassword,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>The form under which e-mail addresses are compared: trimmed, lower-case (invariant).</summary>
    public static string NormalizeEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    public void UpdateProfile(string fullName, Role role, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role.");
        }

        FullName = fullName.Trim();
        Role = role;
        UpdatedAt = now;
    }

    /// <summary>Sets whether the user takes new conversations. Returns false when it already had that value.</summary>
    public bool SetAvailability(Availability availability, DateTimeOffset now)
    {
        if (!Enum.IsDefined(availability))
        {
            throw new ArgumentOutOfRangeException(nameof(availability), availability, "Unknown availability.");
        }

        if (Availability == availability)
        {
            return false;
        }

        Availability = availability;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Deactivates the account. Returns false when it was already inactive.</summary>
    public bool Deactivate(DateTimeOffset now)
    {
        if (!IsActive)
        {
            return false;
        }

        IsActive = false;
        UpdatedAt = now;
        return true;
    }

    public void Activate(DateTimeOffset now)
    {
        IsActive = true;
        UpdatedAt = now;
    }

    public void ChangePassword(string newPasswordHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newPasswordHash);
        PasswordHash = newPasswordHash;
        MustChangePassword = false;
        UpdatedAt = now;
    }

    public void RecordLogin(DateTimeOffset now) => LastLoginAt = now;

    /// <summary>Stores a new (encrypted) TOTP secret awaiting confirmation. Not allowed while MFA is on.</summary>
    public void BeginMfaEnrollment(string protectedSecret, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(protectedSecret);
        if (MfaEnabled)
        {
            throw new InvalidOperationException("MFA is already enabled.");
        }

        MfaSecret = protectedSecret;
        MfaLastUsedStep = null;
        UpdatedAt = now;
    }

    /// <summary>Turns MFA on after a confirmed code, with the hashes of fresh recovery codes.</summary>
    public void EnableMfa(long confirmedStep, IEnumerable<string> recoveryCodeHashes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recoveryCodeHashes);
        if (MfaSecret is null || MfaEnabled)
        {
            throw new InvalidOperationException("No pending MFA enrolment.");
        }

        MfaEnabled = true;
        MfaLastUsedStep = confirmedStep;
        MfaRecoveryCodeHashes = string.Join(' ', recoveryCodeHashes);
        UpdatedAt = now;
    }

    public void DisableMfa(DateTimeOffset now)
    {
        MfaEnabled = false;
        MfaSecret = null;
        MfaLastUsedStep = null;
        MfaRecoveryCodeHashes = null;
        MfaChallengeHash = null;
        MfaChallengeExpiresAt = null;
        UpdatedAt = now;
    }

    /// <summary>Accepts a TOTP time step once: false for the last accepted step or an earlier one.</summary>
    public bool TryUseMfaStep(long step)
    {
        if (MfaLastUsedStep is { } last && step <= last)
        {
            return false;
        }

        MfaLastUsedStep = step;
        return true;
    }

    /// <summary>Consumes a recovery code by its hash; false when no unused code has that hash.</summary>
    public bool TryUseRecoveryCode(string codeHash)
    {
        var hashes = RecoveryHashes();
        if (!hashes.Remove(codeHash))
        {
            return false;
        }

        MfaRecoveryCodeHashes = string.Join(' ', hashes);
        return true;
    }

    /// <summary>Replaces the outstanding sign-in challenge (a new password sign-in supersedes an older one).</summary>
    public void StartMfaChallenge(string challengeHash, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(challengeHash);
        MfaChallengeHash = challengeHash;
        MfaChallengeExpiresAt = expiresAt;
    }

    /// <summary>Ends the outstanding challenge whatever happens next; true when it matched and had not expired.</summary>
    public bool ConsumeMfaChallenge(string challengeHash, DateTimeOffset now)
    {
        var valid = MfaChallengeHash is not null && MfaChallengeHash == challengeHash && MfaChallengeExpiresAt > now;
        MfaChallengeHash = null;
        MfaChallengeExpiresAt = null;
        return valid;
    }

    /// <summary>Stores the same secret encrypted under another key (data-key rotation).</summary>
    public void ReplaceProtectedMfaSecret(string protectedSecret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(protectedSecret);
        MfaSecret = protectedSecret;
    }

    private List<string> RecoveryHashes() =>
        (MfaRecoveryCodeHashes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
}
