using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Contacts.GetContact;

internal sealed class GetContactQueryHandler(IApplicationDbContext db) : IQueryHandler<GetContactQuery, Result<ContactDto>>
{
    public async ValueTask<Result<ContactDto>> Handle(GetContactQuery query, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == query.Id).Select(ContactDto.Projection).SingleOrDefaultAsync(cancellationToken);
        if (contact is null)
        {
            return ContactErrors.NotFound(query.Id);
        }

        return contact;
    }
}
