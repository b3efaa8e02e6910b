using System.Text.Json;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Templates.CreateTemplate;

/// <summary>
/// Checks a new template locally (Meta's lengths, variables numbered without gaps, an example for each variable),
/// then submits it for Meta's review (<c>POST {waba-id}/message_templates</c>) and stores it with the status Meta
/// gave (usually <c>PENDING</c>; status webhooks and syncs follow it). Runs without a surrounding transaction: the
/// Graph call happens before the one save.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
[WithoutTransaction]
public sealed record CreateTemplateCommand(Guid ConnectionId, string Name, string Language, string Category, JsonElement Components)
    : ICommand<Result<TemplateDto>>, IAuditTarget
{
    public string AuditTargetType => TemplateErrors.TargetType;

    public string? AuditTargetId => null;
}
