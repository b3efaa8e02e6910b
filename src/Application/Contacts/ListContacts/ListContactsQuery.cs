using Mediator;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Contacts.ListContacts;

/// <summary>
/// Contacts by name. <see cref="Q"/> matches the display or profile name, the username or the business-scoped user
/// id (case-insensitive) or, when it holds at least three digits, the number; it needs at least three letters or digits; <see cref="OptedOut"/> filters on the opt-out flag,
/// <see cref="MarketingOptedOut"/> on the marketing opt-out WhatsApp reported.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record ListContactsQuery(string? Q, bool? OptedOut, int Page = 1, int PageSize = PageDefaults.PageSize, bool? MarketingOptedOut = null) : IQuery<Result<PagedList<ContactDto>>>;
