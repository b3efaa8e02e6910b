using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Templates;

/// <summary>
/// The one check before any template send (a conversation start, a message, a campaign): the connection has the
/// template in that language, it is APPROVED, and the send's parameters fill every variable exactly.
/// </summary>
public sealed class TemplateSendCheck(IApplicationDbContext db)
{
    public async Task<Result<MessageTemplate>> CheckAsync(Guid connectionId, string name, string language, JsonElement? components, CancellationToken cancellationToken)
    {
        var template = await db.MessageTemplates.AsNoTracking()
            .SingleOrDefaultAsync(t => t.ConnectionId == connectionId && t.Name == name && t.Language == language, cancellationToken);
        if (template is null)
        {
            return TemplateErrors.Unknown(name, language);
        }

        if (!template.IsApproved)
        {
            return TemplateErrors.NotApproved(name, template.Status);
        }

        var problems = TemplateDefinition.Unfilled(TemplateDefinition.Slots(template.Components), components);
        return problems.Count == 0 ? template : TemplateErrors.VariablesUnfilled(name, problems);
    }
}
