using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Templates;
using WhatsSuite.Domain.Queues;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Queues;

/// <summary>
/// A queue's out-of-hours template made into a send on one connection: the variables rendered for the customer, the
/// components built by <see cref="TemplateComponents"/> and passed through the one <see cref="TemplateSendCheck"/>
/// (known on the connection, APPROVED, every slot filled with its type). Used when the hours are set (for every
/// connection of the queue, with <see cref="SampleContactName"/>) and when a reply is sent.
/// </summary>
public sealed class OutOfHoursTemplates(IApplicationDbContext db, TemplateSendCheck check)
{
    /// <summary>The customer's name the template is checked with when the hours are set (a real name is checked again at send time).</summary>
    public const string SampleContactName = "Cliente";

    /// <summary>The checked template and the <c>template</c> object of its send request, or why it cannot be sent.</summary>
    public async Task<Result<(MessageTemplate Template, string Content)>> BuildAsync(Guid connectionId, OutOfHoursTemplate reply, string contactName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var definition = await db.MessageTemplates.AsNoTracking()
            .Where(t => t.ConnectionId == connectionId && t.Name == reply.Name && t.Language == reply.Language)
            .Select(t => t.Components)
            .SingleOrDefaultAsync(cancellationToken);
        if (definition is null)
        {
            return TemplateErrors.Unknown(reply.Name, reply.Language);
        }

        var slots = TemplateDefinition.Slots(definition);
        var known = TemplateComponents.RequiredKeys(slots).Concat(TemplateComponents.OptionalKeys(slots)).ToHashSet(StringComparer.Ordinal);
        var unknown = reply.Variables.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return TemplateErrors.VariablesUnfilled(reply.Name, [$"the template has no variable {string.Join(", ", unknown)} (it takes {(known.Count == 0 ? "none" : string.Join(", ", known.Order(StringComparer.Ordinal)))})"]);
        }

        var (components, _) = TemplateComponents.FromValues(slots, reply.Render(contactName));
        using var document = JsonDocument.Parse(components.ToJsonString());
        var checkedTemplate = await check.CheckAsync(connectionId, reply.Name, reply.Language, document.RootElement, cancellationToken);
        if (!checkedTemplate.IsSuccess)
        {
            return checkedTemplate.Error;
        }

        return (checkedTemplate.Value, TemplateComponents.Content(reply.Name, reply.Language, components));
    }
}
