using Mediator;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Conversations.GetConversation;

internal sealed class GetConversationQueryHandler(IApplicationDbContext db, ConversationAccess access, MessagingOptions messaging, TimeProvider clock)
    : IQueryHandler<GetConversationQuery, Result<ConversationDto>>
{
    public async ValueTask<Result<ConversationDto>> Handle(GetConversationQuery query, CancellationToken cancellationToken)
    {
        var found = await access.FindForQueryAsync(query.Id, MessageName<GetConversationQuery>.Action, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        return (await ConversationReader.ReadAsync(db, query.Id, clock.GetUtcNow(), messaging.ServiceWindow, cancellationToken))!;
    }
}
