using System.Text.Json;
using System.Text.Json.Nodes;
using WhatsSuite.Application.Templates;

namespace WhatsSuite.Application.UnitTests.Templates;

public sealed class TemplateComponentsTests
{
    private const string Body = """{"type":"BODY","text":"Hola {{1}}"}""";

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static TemplateSlots Slots(params string[] components) => TemplateDefinition.Slots($"[{string.Join(",", components)}]");

    private static string Build(TemplateSlots slots, Dictionary<string, string> values)
    {
        var (components, problems) = TemplateComponents.FromValues(slots, values);
        Assert.Empty(problems);
        return components.ToJsonString();
    }

    [Theory]
    [InlineData("IMAGE", """[{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/p.jpg"}}]}]""")]
    [InlineData("VIDEO", """[{"type":"header","parameters":[{"type":"video","video":{"link":"https://cdn.example/p.jpg"}}]}]""")]
    [InlineData("DOCUMENT", """[{"type":"header","parameters":[{"type":"document","document":{"link":"https://cdn.example/p.jpg"}}]}]""")]
    public void FromValues_MediaHeader_IsAMediaParameterByLink(string format, string expected)
    {
        var slots = Slots($$"""{"type":"HEADER","format":"{{format}}"}""");

        Assert.Equal(expected, Build(slots, new() { ["header.1"] = "https://cdn.example/p.jpg" }));
    }

    [Fact]
    public void FromValues_DocumentHeaderWithFileName_AndLocationHeader_FollowMetasShapes()
    {
        var document = Slots("""{"type":"HEADER","format":"DOCUMENT"}""");
        var location = Slots("""{"type":"HEADER","format":"LOCATION"}""");

        Assert.Equal(
            """[{"type":"header","parameters":[{"type":"document","document":{"link":"https://cdn.example/f.pdf","filename":"Factura.pdf"}}]}]""",
            Build(document, new() { ["header.1"] = "https://cdn.example/f.pdf", [TemplateComponents.HeaderFileName] = "Factura.pdf" }));
        Assert.Equal(
            """[{"type":"header","parameters":[{"type":"location","location":{"latitude":"-34.6037","longitude":"-58.3816","name":"Sucursal Centro","address":"Av. Corrientes 1234"}}]}]""",
            Build(location, new() { ["header.latitude"] = "-34.6037", ["header.longitude"] = "-58.3816", ["header.name"] = "Sucursal Centro", ["header.address"] = "Av. Corrientes 1234" }));
        Assert.Equal(["header.latitude", "header.longitude"], TemplateComponents.RequiredKeys(location));
    }

    [Fact]
    public void FromValues_Buttons_TakeTheirOwnSubTypeAndParameterType()
    {
        var slots = Slots(
            Body,
            """{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Baja"},{"type":"URL","text":"Ver","url":"https://shop.example/o/{{1}}"},{"type":"COPY_CODE","example":"SAVE10"}]}""");

        var json = Build(slots, new() { ["body.1"] = "Ana", ["button.0"] = "baja-ana", ["button.1"] = "A-17", ["button.2"] = "HOT25" });

        Assert.Equal(
            """[{"type":"body","parameters":[{"type":"text","text":"Ana"}]},"""
            + """{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"baja-ana"}]},"""
            + """{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"A-17"}]},"""
            + """{"type":"button","sub_type":"copy_code","index":"2","parameters":[{"type":"coupon_code","coupon_code":"HOT25"}]}]""",
            json);
        Assert.Equal(["body.1", "button.1", "button.2"], TemplateComponents.RequiredKeys(slots));
        Assert.Equal(["button.0"], TemplateComponents.OptionalKeys(slots));
    }

    [Fact]
    public void FromValues_QuickReplyWithoutPayload_SendsNoButtonComponent()
    {
        var slots = Slots(Body, """{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Baja"}]}""");

        Assert.Equal("""[{"type":"body","parameters":[{"type":"text","text":"Ana"}]}]""", Build(slots, new() { ["body.1"] = "Ana" }));
    }

    [Fact]
    public void FromValues_AuthenticationOtpButton_IsSentAsAUrlButtonWithTheCode()
    {
        var slots = Slots(
            """{"type":"BODY","text":"{{1}} es tu código de verificación."}""",
            """{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE","text":"Copiar código"}]}""");

        Assert.Equal(
            """[{"type":"body","parameters":[{"type":"text","text":"482913"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"482913"}]}]""",
            Build(slots, new() { ["body.1"] = "482913", ["button.0"] = "482913" }));
    }

    [Theory]
    [InlineData("http://cdn.example/p.jpg")]
    [InlineData("cdn.example/p.jpg")]
    [InlineData("https://cdn.example/a b.jpg")]
    [InlineData("ftp://cdn.example/p.jpg")]
    public void FromValues_MediaLinkNotHttps_IsAProblem(string link)
    {
        var slots = Slots("""{"type":"HEADER","format":"IMAGE"}""");

        var (_, problems) = TemplateComponents.FromValues(slots, new Dictionary<string, string> { ["header.1"] = link });

        Assert.Contains(problems, p => p.Contains("https link", StringComparison.Ordinal));
        Assert.NotNull(TemplateComponents.ValueProblem(slots, "header.1", link));
    }

    [Fact]
    public void ValueProblem_CouponCodeOver15Characters_OrCoordinatesOutOfRange_AreRefused()
    {
        var coupon = Slots(Body, """{"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"SAVE10"}]}""");
        var location = Slots("""{"type":"HEADER","format":"LOCATION"}""");

        Assert.Null(TemplateComponents.ValueProblem(coupon, "button.0", new string('A', TemplateComponents.MaxCouponCodeLength)));
        Assert.NotNull(TemplateComponents.ValueProblem(coupon, "button.0", new string('A', TemplateComponents.MaxCouponCodeLength + 1)));
        Assert.NotNull(TemplateComponents.ValueProblem(location, "header.latitude", "91"));
        Assert.NotNull(TemplateComponents.ValueProblem(location, "header.longitude", "west"));
        Assert.Null(TemplateComponents.ValueProblem(location, "header.longitude", "-180"));
    }

    [Theory]
    [InlineData("""[{"type":"header","parameters":[{"type":"text","text":"https://cdn.example/p.jpg"}]}]""")]
    [InlineData("""[{"type":"header","parameters":[{"type":"image","image":{"link":"http://cdn.example/p.jpg"}}]}]""")]
    [InlineData("""[{"type":"header","parameters":[{"type":"image","image":{"id":"1234567890"}}]}]""")]
    [InlineData("""[{"type":"header","parameters":[{"type":"video","video":{"link":"https://cdn.example/p.mp4"}}]}]""")]
    [InlineData("""[{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/p.jpg","filename":"p.jpg"}}]}]""")]
    public void Invalid_ImageHeaderGivenAnythingButAnHttpsImageLink_IsNamed(string components)
    {
        var slots = Slots("""{"type":"HEADER","format":"IMAGE"}""", Body);

        Assert.NotEmpty(TemplateComponents.Invalid(slots, Json(components)));
        Assert.Empty(TemplateComponents.Invalid(slots, Json("""[{"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example/p.jpg"}}]}]""")));
    }

    [Theory]
    [InlineData("""[{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"text","text":"HOT25"}]}]""")]
    [InlineData("""[{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"coupon_code","coupon_code":"THIS-CODE-IS-TOO-LONG"}]}]""")]
    [InlineData("""[{"type":"button","sub_type":"quick_reply","index":1,"parameters":[{"type":"payload","payload":"x"}]}]""")]
    [InlineData("""[{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"coupon_code","coupon_code":"A"},{"type":"coupon_code","coupon_code":"B"}]}]""")]
    public void Invalid_ButtonParameterOfTheWrongTypeOrForAButtonWithout_IsNamed(string components)
    {
        var slots = Slots(Body, """{"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"SAVE10"},{"type":"PHONE_NUMBER","text":"Llamar","phone_number":"+5491100000000"}]}""");

        Assert.NotEmpty(TemplateComponents.Invalid(slots, Json(components)));
    }

    [Fact]
    public void Invalid_LocationHeader_AcceptsNumbersOrNumericStrings()
    {
        var slots = Slots("""{"type":"HEADER","format":"LOCATION"}""", Body);

        Assert.Empty(TemplateComponents.Invalid(slots, Json("""[{"type":"header","parameters":[{"type":"location","location":{"latitude":-34.6,"longitude":"-58.38","name":"Centro"}}]}]""")));
        Assert.NotEmpty(TemplateComponents.Invalid(slots, Json("""[{"type":"header","parameters":[{"type":"location","location":{"latitude":-134.6,"longitude":"-58.38"}}]}]""")));
        Assert.NotEmpty(TemplateComponents.Invalid(slots, Json("""[{"type":"header","parameters":[{"type":"text","text":"Centro"}]}]""")));
    }

    [Fact]
    public void Normalize_ButtonsGetTheirDefinitionsSubTypeAndAStringIndex()
    {
        var slots = Slots(Body, """{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Baja"},{"type":"COPY_CODE","example":"SAVE10"},{"type":"FLOW","text":"Abrir","flow_id":"1"}]}""");

        var normalized = TemplateComponents.Normalize(slots, Json("""
            [{"type":"body","parameters":[{"type":"text","text":"Ana"}]},
             {"type":"button","sub_type":"url","index":1,"parameters":[{"type":"coupon_code","coupon_code":"HOT25"}]},
             {"type":"button","index":"2","parameters":[{"type":"action","action":{"flow_token":"t-1"}}]}]
            """));

        Assert.Equal(("copy_code", "1"), ((string?)normalized[1]!["sub_type"], (string?)normalized[1]!["index"]));
        Assert.Equal(("flow", "2"), ((string?)normalized[2]!["sub_type"], (string?)normalized[2]!["index"]));
        Assert.Equal("Ana", (string?)normalized[0]!["parameters"]![0]!["text"]);
        Assert.Empty(TemplateComponents.Invalid(slots, JsonDocument.Parse(normalized.ToJsonString()).RootElement));
    }

    [Fact]
    public void Content_WithoutComponents_OmitsThem()
    {
        Assert.Equal("""{"name":"hello_world","language":{"code":"en_US"}}""", TemplateComponents.Content("hello_world", "en_US", new JsonArray()));
    }
}
