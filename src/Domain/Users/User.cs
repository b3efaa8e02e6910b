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
}
