using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Contacts.UpdateContact;

internal sealed class UpdateContactCommandHandler(IApplicationDbContext db, ContactAccess access, TimeProvider clock) : ICommandHandler<UpdateContactCommand, Result<ContactDto>>
{
    public async ValueTask<Result<ContactDto>> Handle(UpdateContactCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var contact = found.Value;

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
