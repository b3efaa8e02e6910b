using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Infrastructure.Configuration;

/// <summary>
/// <c>MFA_REQUIRED_ROLES</c>: roles that must enrol in MFA before using the API; empty or <c>none</c> means none.
/// When unset: ADMIN in Production, no role elsewhere, so that a developer trying the API locally is not stopped
/// by an enrolment first (start-up then says that MFA is not enforced).
/// </summary>
public sealed class MfaSettings
{
    public required IReadOnlySet<Role> RequiredRoles { get; init; }

    public static MfaSettings Load(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var raw = new ConfigReader(configuration).Raw("MFA_REQUIRED_ROLES");
        if (raw is null)
        {
            return new MfaSettings { RequiredRoles = environment.IsProduction() ? new HashSet<Role> { Role.ADMIN } : new HashSet<Role>() };
        }

        var roles = new HashSet<Role>();
        foreach (var name in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (name.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            roles.Add(Enum.TryParse<Role>(name, ignoreCase: true, out var role) && Enum.IsDefined(role)
                ? role
                : throw new InvalidOperationException($"MFA_REQUIRED_ROLES must be a comma list of ADMIN, SUPERVISOR, AGENTE (or empty); got '{raw}'."));
        }

        return new MfaSettings { RequiredRoles = roles };
    }
}
