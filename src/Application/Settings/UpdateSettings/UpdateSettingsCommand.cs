using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Settings.UpdateSettings;

/// <summary>
/// Replaces the desk's run-time settings (ADMIN). Every field is required, so a client states the whole
/// configuration it means; the audit row lists each changed value with its old and new value.
/// </summary>
[RequireRole(Role.ADMIN)]
public sealed record UpdateSettingsCommand(int? AutoAssignIntervalMinutes, int? InactivityWarnMinutes, int? InactivityCloseMinutes) : ICommand<Result<SystemSettingsDto>>, IAuditTarget
{
    public string AuditTargetType => SettingsErrors.TargetType;

    public string? AuditTargetId => SettingsErrors.TargetId;
}
