using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>Stores a connection's template as a sync from WhatsApp would (sending a template needs an approved one).</summary>
public static class TemplateSeeding
{
    public static async Task<MessageTemplate> SeedTemplateAsync(
        this WhatsSuiteApp app,
        Guid connectionId,
        string name,
        string language,
        int bodyVariables = 0,
        string status = MessageTemplateStatus.Approved,
        string category = MessageTemplateCategory.Utility,
        DateTimeOffset? at = null,
        string? components = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var template = MessageTemplate.FromMeta(
            connectionId, $"{Random.Shared.NextInt64(1, long.MaxValue)}", name, language, category, status, null, components ?? Components(bodyVariables), synced: true, at ?? DateTimeOffset.UtcNow.AddMinutes(-5));
        db.MessageTemplates.Add(template);
        await db.SaveChangesAsync();
        return template;
    }

    /// <summary>A definition whose body has <paramref name="bodyVariables"/> numbered variables, each with an example.</summary>
    public static string Components(int bodyVariables)
    {
        var numbers = Enumerable.Range(1, bodyVariables).ToList();
        var text = "Hola" + string.Concat(numbers.Select(n => $" {{{{{n}}}}}"));
        var examples = string.Join(",", numbers.Select(n => $"\"v{n}\""));
        return bodyVariables == 0
            ? $$"""[{"type":"BODY","text":"{{text}}"}]"""
            : $$$"""[{"type":"BODY","text":"{{{text}}}","example":{"body_text":[[{{{examples}}}]]}}]""";
    }
}
