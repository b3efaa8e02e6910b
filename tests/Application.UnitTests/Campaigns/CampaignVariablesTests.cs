using System.Text.Json;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Templates;

namespace WhatsSuite.Application.UnitTests.Campaigns;

public sealed class CampaignVariablesTests
{
    [Theory]
    [InlineData("""[{"type":"HEADER","format":"TEXT","text":"Order {{1}}"},{"type":"BODY","text":"Hi {{1}}, code {{2}}"},{"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://shop.example/t/{{1}}"}]}]""")]
    [InlineData("""[{"type":"BODY","text":"Hi {{first_name}}, code {{code}}"}]""")]
    [InlineData("""[{"type":"BODY","text":"Hello"}]""")]
    public void TemplateContent_RenderedValues_FillExactlyWhatTheDefinitionNeeds(string definition)
    {
        var slots = TemplateDefinition.Slots(definition);
        var mapping = CampaignRules.Keys(slots).ToDictionary(k => k, k => $"text:value of {k}");
        var values = CampaignVariables.Render(mapping, "{}");

        var (content, problems) = CampaignVariables.TemplateContent("promo", "es", slots, values);

        Assert.Empty(problems);
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        Assert.Equal(("promo", "es"), (root.GetProperty("name").GetString(), root.GetProperty("language").GetProperty("code").GetString()));
        var components = root.TryGetProperty("components", out var c) ? c.Clone() : (JsonElement?)null;
        Assert.Empty(TemplateDefinition.Unfilled(slots, components));
        Assert.Equal(mapping.Count == 0, components is null);
    }

    [Fact]
    public void TemplateContent_NamedBodyVariables_CarryTheirParameterNames()
    {
        var slots = TemplateDefinition.Slots("""[{"type":"BODY","text":"Hi {{first_name}}"}]""");

        var (content, _) = CampaignVariables.TemplateContent("promo", "es", slots, new Dictionary<string, string> { ["body.first_name"] = "Ana" });

        using var document = JsonDocument.Parse(content);
        var parameter = document.RootElement.GetProperty("components")[0].GetProperty("parameters")[0];
        Assert.Equal(("first_name", "Ana"), (parameter.GetProperty("parameter_name").GetString(), parameter.GetProperty("text").GetString()));
    }
}
