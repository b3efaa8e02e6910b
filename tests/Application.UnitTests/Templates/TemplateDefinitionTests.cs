using System.Text.Json;
using WhatsSuite.Application.Templates;

namespace WhatsSuite.Application.UnitTests.Templates;

public sealed class TemplateDefinitionTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static List<string> Fields(string components) => TemplateDefinition.Validate(Json(components)).Select(p => p.Field).ToList();

    [Fact]
    public void Validate_AFullTemplateWithExamples_HasNoProblems()
    {
        const string Components = """
            [{"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["A-17"]}},
             {"type":"BODY","text":"Hi {{1}}, your order ships on {{2}}.","example":{"body_text":[["Ana","Monday"]]}},
             {"type":"FOOTER","text":"Reply STOP to opt out"},
             {"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://shop.example/track/{{1}}","example":["https://shop.example/track/A-17"]},{"type":"QUICK_REPLY","text":"Stop"}]}]
            """;

        Assert.Empty(TemplateDefinition.Validate(Json(Components)));
    }

    [Theory]
    [InlineData("""[{"type":"BODY","text":"Hi {{1}} and {{3}}","example":{"body_text":[["a","b"]]}}]""", "components[0].text")]
    [InlineData("""[{"type":"BODY","text":"Hi {{1}} and {{2}}","example":{"body_text":[["a"]]}}]""", "components[0].example")]
    [InlineData("""[{"type":"BODY","text":"Hi {{1}}"}]""", "components[0].example")]
    [InlineData("""[{"type":"BODY","text":"Hi {{1}} {{name}}","example":{"body_text":[["a"]]}}]""", "components[0].text")]
    [InlineData("""[{"type":"FOOTER","text":"x"}]""", "components")]
    [InlineData("""[{"type":"BODY","text":"a"},{"type":"BODY","text":"b"}]""", "components[1].type")]
    [InlineData("""[{"type":"BODY","text":"a"},{"type":"FOOTER","text":"Bye {{1}}"}]""", "components[1].text")]
    [InlineData("""[{"type":"BODY","text":"a"},{"type":"HEADER","format":"TEXT","text":"{{1}} {{2}}"}]""", "components[1].text")]
    [InlineData("""[{"type":"BODY","text":"a"},{"type":"HEADER","format":"IMAGE"}]""", "components[1].example")]
    [InlineData("""[{"type":"BODY","text":"a"},{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"This text is far too long for a button"}]}]""", "components[1].buttons[0].text")]
    [InlineData("""[{"type":"BODY","text":"a"},{"type":"BUTTONS","buttons":[{"type":"URL","text":"Go","url":"https://x.example/{{1}}/y"}]}]""", "components[1].buttons[0].url")]
    [InlineData("""[{"type":"BODY","text":"a"},{"type":"BUTTONS","buttons":[{"type":"URL","text":"Go","url":"https://x.example/{{1}}"}]}]""", "components[1].buttons[0].example")]
    [InlineData("""[]""", "components")]
    [InlineData("""{"type":"BODY"}""", "components")]
    public void Validate_BrokenRule_NamesTheField(string components, string field)
    {
        Assert.Contains(field, Fields(components));
    }

    [Fact]
    public void Validate_BodyLongerThan1024_IsRefused()
    {
        var text = new string('a', TemplateDefinition.MaxBodyLength + 1);

        Assert.Contains("components[0].text", Fields($$"""[{"type":"BODY","text":"{{text}}"}]"""));
        Assert.Empty(Fields($$"""[{"type":"BODY","text":"{{text[..^1]}}"}]"""));
    }

    [Fact]
    public void Validate_NamedVariablesWithExamples_AreAccepted()
    {
        const string Components = """[{"type":"BODY","text":"Hi {{first_name}}","example":{"body_text_named_params":[{"param_name":"first_name","example":"Ana"}]}}]""";

        Assert.Empty(TemplateDefinition.Validate(Json(Components)));
        Assert.Equal(["first_name"], TemplateDefinition.Slots(Components).Body);
    }

    [Fact]
    public void Slots_ReadHeaderBodyAndButtonsThatTakeParameters()
    {
        const string Components = """
            [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["h"]}},
             {"type":"BODY","text":"Hi {{1}}, {{2}} and {{1}} again"},
             {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Stop"},{"type":"URL","text":"Track","url":"https://x.example/{{1}}"},{"type":"COPY_CODE","example":"SAVE10"}]}]
            """;

        var slots = TemplateDefinition.Slots(Components);

        Assert.Equal((1, true), (slots.Header, slots.HeaderMedia));
        Assert.Equal(["1", "2"], slots.Body);
        Assert.Equal([1, 2], slots.Buttons);
    }

    [Fact]
    public void Unfilled_ExactParameters_IsEmpty_AndEachGapIsNamed()
    {
        var slots = TemplateDefinition.Slots("""[{"type":"BODY","text":"Hi {{1}}, order {{2}}"},{"type":"BUTTONS","buttons":[{"type":"URL","text":"Go","url":"https://x.example/{{1}}"}]}]""");
        var filled = Json("""[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"A-17"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A-17"}]}]""");

        Assert.Empty(TemplateDefinition.Unfilled(slots, filled));
        Assert.Equal(2, TemplateDefinition.Unfilled(slots, null).Count);
        Assert.Single(TemplateDefinition.Unfilled(slots, Json("""[{"type":"body","parameters":[{"type":"text","text":"Ana"}]},{"type":"button","index":0,"parameters":[{"type":"text","text":"x"}]}]""")));
        Assert.Equal(
            ["every parameter needs a value"],
            TemplateDefinition.Unfilled(slots, Json("""[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":" "}]},{"type":"button","index":"0","parameters":[{"type":"text","text":"x"}]}]""")));
    }

    [Fact]
    public void Unfilled_NamedBody_NeedsEachNamedParameter()
    {
        var slots = TemplateDefinition.Slots("""[{"type":"BODY","text":"Hi {{first_name}}"}]""");

        Assert.Empty(TemplateDefinition.Unfilled(slots, Json("""[{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"}]}]""")));
        Assert.Single(TemplateDefinition.Unfilled(slots, Json("""[{"type":"body","parameters":[{"type":"text","parameter_name":"name","text":"Ana"}]}]""")));
    }
}
