using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Templates;

/// <summary>
/// The one check before any template send (a conversation start, a message, a campaign): the connection has the
/// template in that language, it is APPROVED, the send's parameters fill every variable exactly, and each parameter has
/// the type of its slot (<see cref="TemplateComponents"/>).
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

        var slots = TemplateDefinition.Slots(template.Components);
        var problems = TemplateDefinition.Unfilled(slots, components);
        if (problems.Count > 0)
        {
            return TemplateErrors.VariablesUnfilled(name, problems);
        }

        var invalid = TemplateComponents.Invalid(slots, components);
        return invalid.Count == 0 ? template : TemplateErrors.ParameterInvalid(name, invalid);
    }

    /// <summary>The <c>template</c> object of the send request for a checked template: the caller's components with each button's <c>sub_type</c> and <c>index</c> from the definition.</summary>
    public static string Content(MessageTemplate template, JsonElement? components)
    {
        ArgumentNullException.ThrowIfNull(template);
        return TemplateComponents.Content(template.Name, template.Language, TemplateComponents.Normalize(TemplateDefinition.Slots(template.Components), components));
    }
}
