using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Application.Media.GetMessageMedia;

internal sealed class GetMessageMediaQueryHandler(IApplicationDbContext db, ConversationAccess access) : IQueryHandler<GetMessageMediaQuery, Result<MessageMediaFile>>
{
    public async ValueTask<Result<MessageMediaFile>> Handle(GetMessageMediaQuery query, CancellationToken cancellationToken)
    {
        var found = await access.FindForQueryAsync(query.ConversationId, MessageName<GetMessageMediaQuery>.Action, cancellationToken);
        return found.IsSuccess ? await MediaFiles.FindAsync(db, query.ConversationId, query.MessageId, cancellationToken) : found.Error;
    }
}
