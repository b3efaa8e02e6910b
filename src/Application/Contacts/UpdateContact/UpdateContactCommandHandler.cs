using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Contacts.UpdateContact;

internal sealed class UpdateContactCommandHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<UpdateContactCommand, Result<ContactDto>>
{
    public async ValueTask<Result<ContactDto>> Handle(UpdateContactCommand command, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == command.Id, cancellationToken);
        if (contact is null)
        {
            return ContactErrors.NotFound(command.Id);
        }

        var now = clock.GetUtcNow();
        if (command.DisplayName is not null)
        {
            contact.Rename(command.DisplayName, now);
        }

        if (command.Tags is not null)
        {
            contact.ReplaceTags(command.Tags, now);
        }

        if (command.OptedOut is { } optedOut)
        {
            contact.SetOptOut(optedOut, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ContactDto.From(contact);
    }
}
