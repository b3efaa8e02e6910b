using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Connections;

namespace WhatsSuite.Application.Templates.SyncConnectionTemplates;

/// <summary>The recurring template sync of one connection, sent by the template sync job as its system actor.</summary>
[SystemOnly]
[WithoutTransaction]
public sealed record SyncConnectionTemplatesCommand(Guid ConnectionId) : ICommand<Result<TemplateSyncDto>>, IAuditTarget
{
    public string AuditTargetType => ConnectionErrors.TargetType;

    public string? AuditTargetId => ConnectionId.ToString();
}
