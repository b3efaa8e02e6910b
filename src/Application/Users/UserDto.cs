using Riok.Mapperly.Abstractions;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Users;

/// <summary>A user as the API shows it. Never carries the password hash.</summary>
public sealed record UserDto(
    Guid Id,
    string Email,
    string FullName,
    Role Role,
    bool IsActive,
    bool MustChangePassword,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastLoginAt);

/// <summary>Compile-time mapping from <see cref="User"/> to <see cref="UserDto"/>, for objects and for EF projections.</summary>
[Mapper]
public static partial class UserMapper
{
    [MapperIgnoreSource(nameof(User.PasswordHash))]
    [MapperIgnoreSource(nameof(User.NormalizedEmail))]
    [MapperIgnoreSource(nameof(User.MfaSecret))]
    [MapperIgnoreSource(nameof(User.MfaEnabled))]
    [MapperIgnoreSource(nameof(User.MfaLastUsedStep))]
    [MapperIgnoreSource(nameof(User.MfaRecoveryCodeHashes))]
    [MapperIgnoreSource(nameof(User.MfaChallengeHash))]
    [MapperIgnoreSource(nameof(User.MfaChallengeExpiresAt))]
    [MapperIgnoreSource(nameof(User.RemainingRecoveryCodes))]
    [MapperIgnoreSource(nameof(User.Availability))]
    public static partial UserDto ToDto(this User user);

    public static partial IQueryable<UserDto> ProjectToDto(this IQueryable<User> users);
}
