using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Conversations.ExportConversation;

/// <summary>
/// One conversation with all its messages as JSON, CSV or an HTML transcript (<see cref="Format"/>: json, csv or
/// html; json when absent), for ADMIN and SUPERVISOR within their visibility: a conversation the caller may not see
/// answers 404 and the refusal is audited as denied. Audited: an export of a customer's conversation. Runs without a
/// transaction: the messages are read page by page while the answer is written.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
[WithoutTransaction]
public sealed record ExportConversationCommand(Guid Id, string? Format) : ICommand<Result<ConversationExport>>, IAuditTarget
{
    public string AuditTargetType => ConversationErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
