using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Contacts.GetContact;

internal sealed class GetContactQueryHandler(IApplicationDbContext db, ContactAccess access) : IQueryHandler<GetContactQuery, Result<ContactDto>>
{
    public async ValueTask<Result<ContactDto>> Handle(GetContactQuery query, CancellationToken cancellationToken)
    {
        if (!await access.CheckForQueryAsync(query.Id, MessageName<GetContactQuery>.Action, cancellationToken))
        {
            return ContactErrors.NotFound(query.Id);
        }

        return await db.Contacts.AsNoTracking().Where(c => c.Id == query.Id).Select(ContactDto.Projection).SingleAsync(cancellationToken);
    }
}
