using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Contacts.GetContact;

[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record GetContactQuery(Guid Id) : IQuery<Result<ContactDto>>;
