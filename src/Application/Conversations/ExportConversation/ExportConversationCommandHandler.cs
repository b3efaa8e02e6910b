using System.Globalization;
using Mediator;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Messaging;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Conversations.ExportConversation;

internal sealed class ExportConversationCommandHandler(IApplicationDbContext db, ConversationAccess access, MessagingOptions messaging, TimeProvider clock)
    : ICommandHandler<ExportConversationCommand, Result<ConversationExport>>
{
    public async ValueTask<Result<ConversationExport>> Handle(ExportConversationCommand command, CancellationToken cancellationToken)
    {
        var format = ConversationExportReader.ParseFormat(command.Format);
        var found = await access.FindForCommandAsync(command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var conversation = (await ConversationReader.ReadAsync(db, command.Id, clock.GetUtcNow(), messaging.ServiceWindow, cancellationToken))!;
        return new ConversationExport(
            format,
            string.Create(CultureInfo.InvariantCulture, $"conversation-{command.Id:N}.{ConversationExportReader.Extension(format)}"),
            new[] { new ExportedConversation(conversation, ConversationExportReader.ReadMessagesAsync(db, conversation.Id, null, null, cancellationToken)) }.ToAsyncEnumerable());
    }
}
