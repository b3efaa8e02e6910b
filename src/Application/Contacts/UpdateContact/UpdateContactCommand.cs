using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Contacts.UpdateContact;

/// <summary>
/// Changes what is given: the display name (an empty one clears it, so the profile name shows), the tags
/// (replaced; trimmed, lower-case, without duplicates) and the opt-out flag. A field left out stays as it is.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record UpdateContactCommand(Guid Id, string? DisplayName, IReadOnlyList<string>? Tags, bool? OptedOut) : ICommand<Result<ContactDto>>, IAuditTarget
{
    public string AuditTargetType => ContactErrors.TargetType;

    public string? AuditTargetId => Id.ToString();
}
