using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Exports.GetConversationExport;

/// <summary>A background conversation export's status (ADR 0042), for its requester and ADMIN; anyone else 404.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetConversationExportQuery(Guid Id) : IQuery<Result<ConversationExportFileDto>>;
