using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Settings.GetSettings;

/// <summary>The desk's run-time settings (ADMIN).</summary>
[RequireRole(Role.ADMIN)]
public sealed record GetSettingsQuery : IQuery<Result<SystemSettingsDto>>;
