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

        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == query.Id).Select(ContactDto.Projection).SingleAsync(cancellationToken);
        var history = await db.ContactIdentityEvents.AsNoTracking()
            .Where(e => e.ContactId == query.Id)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => new ContactIdentityEventDto(e.Id, e.Change, e.OldWaId, e.NewWaId, e.OldUserId, e.NewUserId, e.MergedContactId, e.Source, e.OccurredAt, e.RecordedAt))
            .ToListAsync(cancellationToken);
        return contact with { IdentityHistory = history };
    }
}
