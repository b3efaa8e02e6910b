using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;
using WhatsSuite.Application.Messages;

namespace WhatsSuite.Application.Media.RetryMediaDownload;

internal sealed class RetryMediaDownloadCommandHandler(
    IApplicationDbContext db, ConversationAccess access, AfterCommit afterCommit, IMediaDownloads downloads, TimeProvider clock)
    : ICommandHandler<RetryMediaDownloadCommand, Result<MessageDto>>
{
    public async ValueTask<Result<MessageDto>> Handle(RetryMediaDownloadCommand command, CancellationToken cancellationToken)
    {
        var found = await access.FindForCommandAsync(command.ConversationId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == command.MessageId && m.ConversationId == command.ConversationId, cancellationToken);
        if (message is null)
        {
            return MediaErrors.MessageNotFound(command.MessageId);
        }

        if (!message.RetryMedia(clock.GetUtcNow()))
        {
            return MediaErrors.NotFailed;
        }

        await db.SaveChangesAsync(cancellationToken);
        afterCommit.Add(() => downloads.Enqueue(message.Id));
        return await MessageReader.ReadAsync(db, message.Id, cancellationToken);
    }
}
