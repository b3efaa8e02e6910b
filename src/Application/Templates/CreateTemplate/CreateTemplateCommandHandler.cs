using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Templates.CreateTemplate;

internal sealed class CreateTemplateCommandHandler(
    IApplicationDbContext db,
    ISecretProtector protector,
    IWhatsAppGatewayResolver gateways,
    AuditScope auditScope,
    TimeProvider clock) : ICommandHandler<CreateTemplateCommand, Result<TemplateDto>>
{
    public async ValueTask<Result<TemplateDto>> Handle(CreateTemplateCommand command, CancellationToken cancellationToken)
    {
        var connection = await db.Connections.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Id == command.ConnectionId && c.DeletedAt == null, cancellationToken);
        if (connection is null || connection.Status != ConnectionStatus.Active)
        {
            return TemplateErrors.ConnectionUnavailable;
        }

        if (await db.MessageTemplates.AnyAsync(t => t.ConnectionId == connection.Id && t.Name == command.Name && t.Language == command.Language, cancellationToken))
        {
            return TemplateErrors.AlreadyExists;
        }

        var components = command.Components.GetRawText();
        var credentials = new GatewayCredentials(
            connection.Id, connection.PhoneNumberId, connection.WabaId, connection.DisplayNumber, protector.Unprotect(connection.AccessTokenProtected));
        var answer = await gateways.For(connection.Provider)
            .SubmitTemplateAsync(credentials, new TemplateSubmission(command.Name, command.Language, command.Category, components), cancellationToken);
        if (answer.Error is { } error)
        {
            return TemplateSynchronizer.Failure(error);
        }

        var now = clock.GetUtcNow();
        var template = MessageTemplate.FromMeta(
            connection.Id,
            answer.Id,
            command.Name,
            command.Language,
            string.IsNullOrWhiteSpace(answer.Category) ? command.Category : answer.Category,
            string.IsNullOrWhiteSpace(answer.Status) ? MessageTemplateStatus.Pending : answer.Status,
            null,
            components,
            synced: false,
            now);
        db.MessageTemplates.Add(template);
        auditScope.SetTarget(TemplateErrors.TargetType, template.Id.ToString());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (UniqueConstraintViolationException)
        {
            // A sync stored Meta's copy at the same moment.
            return TemplateErrors.AlreadyExists;
        }

        return TemplateDto.From(template);
    }
}
