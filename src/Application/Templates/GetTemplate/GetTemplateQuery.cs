using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Templates.GetTemplate;

/// <summary>One template with its components and the variables a send must fill.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR, Role.AGENTE)]
public sealed record GetTemplateQuery(Guid Id) : IQuery<Result<TemplateDto>>;
