using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Connections.GetConnection;

[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetConnectionQuery(Guid Id) : IQuery<Result<ConnectionDto>>;
