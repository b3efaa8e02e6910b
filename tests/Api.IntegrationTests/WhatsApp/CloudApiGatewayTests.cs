using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Infrastructure.Configuration;
using WhatsSuite.Infrastructure.WhatsApp;

namespace WhatsSuite.Api.IntegrationTests.WhatsApp;

/// <summary>The Cloud API adapter against a local fake of the Graph API speaking the documented wire format.</summary>
public sealed class CloudApiGatewayTests : IAsyncLifetime
{
    private const string Token = "EAAG-test-access-token";
    private const string PhoneNumberId = "106540352242922";
    private static readonly GatewayCredentials Credentials = new(Guid.NewGuid(), PhoneNumberId, "102290129340398", "15550001234", Token);

    private FakeGraphApi? _fake;
    private HttpClient? _client;

    private FakeGraphApi Fake => _fake!;

    public async Task InitializeAsync() => _fake = await FakeGraphApi.StartAsync();

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await Fake.DisposeAsync();
    }

    private CloudApiGateway Gateway(TimeSpan? timeout = null, TimeSpan? uploadTimeout = null)
    {
        _client = new HttpClient();
        var settings = new WhatsAppSettings
        {
            GraphBaseUrl = Fake.BaseUrl,
            GraphVersion = "v23.0",
            HttpTimeout = timeout ?? TimeSpan.FromSeconds(30),
            MediaUploadTimeout = uploadTimeout ?? TimeSpan.FromMinutes(10),
        };
        CloudApiGateway.Configure(_client, settings);
        return new CloudApiGateway(_client, settings, TimeProvider.System, NullLogger<CloudApiGateway>.Instance);
    }

    private static GatewayMediaUpload Upload() => new(new MemoryStream([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]), "image/jpeg", 8, "photo.jpg");

    private Task<GatewaySendResult> SendAsync(OutboundContent content, TimeSpan? timeout = null) =>
        Gateway(timeout).SendAsync(new GatewaySendRequest(Credentials, "5491123456789", content), CancellationToken.None);

    private void AnswerAccepted() =>
        Fake.Enqueue(FakeGraphAnswer.Json(200, """{"messaging_product":"whatsapp","contacts":[{"input":"5491123456789","wa_id":"5491123456789"}],"messages":[{"id":"wamid.HBgLNTQ5MTEyMzQ1Njc4OQ=="}]}"""));

    private void AssertSentBody(string expectedJson)
    {
        var request = Assert.Single(Fake.Requests);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), JsonNode.Parse(request.Body)), $"sent {request.Body}");
    }

    [Fact]
    public async Task SendAsync_Text_PostsTheDocumentedJsonWithBearerToTheVersionedPath()
    {
        AnswerAccepted();

        var result = await SendAsync(new OutboundContent { Type = "text", Text = "Hola, ¿cómo estás? \"quotes\"" });

        Assert.True(result.IsAccepted);
        Assert.Equal("wamid.HBgLNTQ5MTEyMzQ1Njc4OQ==", result.Wamid);
        var request = Assert.Single(Fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v23.0/{PhoneNumberId}/messages", request.Path);
        Assert.Equal($"Bearer {Token}", request.Headers["Authorization"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        AssertSentBody("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"5491123456789","type":"text","text":{"preview_url":false,"body":"Hola, ¿cómo estás? \"quotes\""}}""");
    }

    [Fact]
    public async Task SendAsync_RecipientKnownOnlyByBusinessScopedUserId_SendsRecipientInsteadOfTo()
    {
        Fake.Enqueue(FakeGraphAnswer.Json(200, """{"messaging_product":"whatsapp","contacts":[{"input":"US.13491208655302741918","user_id":"US.13491208655302741918"}],"messages":[{"id":"wamid.HBgLNTQ5MTEyMzQ1Njc4OR=="}]}"""));

        var result = await Gateway().SendAsync(
            new GatewaySendRequest(Credentials, null, new OutboundContent { Type = "text", Text = "Hi Kim" }, "US.13491208655302741918"), CancellationToken.None);

        Assert.True(result.IsAccepted);
        AssertSentBody("""{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"US.13491208655302741918","type":"text","text":{"preview_url":false,"body":"Hi Kim"}}""");
    }

    [Fact]
    public async Task SendAsync_PhoneNumberAndBusinessScopedUserIdKnown_SendsToThePhoneNumberOnly()
    {
        AnswerAccepted();

        var result = await Gateway().SendAsync(
            new GatewaySendRequest(Credentials, "5491123456789", new OutboundContent { Type = "text", Text = "Hi" }, "US.13491208655302741918"), CancellationToken.None);

        Assert.True(result.IsAccepted);
        AssertSentBody("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"5491123456789","type":"text","text":{"preview_url":false,"body":"Hi"}}""");
    }

    [Fact]
    public async Task SendAsync_TemplateWithComponents_InsertsTheComponentsAsJson()
    {
        AnswerAccepted();
        const string components = """[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"#1234"}]}]""";

        var result = await SendAsync(new OutboundContent { Type = "template", Template = new OutboundTemplate("order_update", "es_AR", components) });

        Assert.True(result.IsAccepted);
        AssertSentBody($$$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"5491123456789","type":"template","template":{"name":"order_update","language":{"code":"es_AR"},"components":{{{components}}}}}""");
    }

    [Fact]
    public async Task SendAsync_TemplateWithoutComponents_OmitsThem()
    {
        AnswerAccepted();

        await SendAsync(new OutboundContent { Type = "template", Template = new OutboundTemplate("hello_world", "en_US", null) });

        AssertSentBody("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"5491123456789","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}""");
    }

    [Fact]
    public async Task SendAsync_ImageById_SendsTheIdAndCaption()
    {
        AnswerAccepted();

        await SendAsync(new OutboundContent { Type = "image", Media = new OutboundMedia("1479537139650973", null, "Your receipt", null) });

        AssertSentBody("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"5491123456789","type":"image","image":{"id":"1479537139650973","caption":"Your receipt"}}""");
    }

    [Fact]
    public async Task SendAsync_DocumentByLink_SendsTheLinkCaptionAndFilename()
    {
        AnswerAccepted();

        await SendAsync(new OutboundContent { Type = "document", Media = new OutboundMedia(null, "https://files.example.test/invoice.pdf", "Invoice", "invoice-0042.pdf") });

        AssertSentBody("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"5491123456789","type":"document","document":{"link":"https://files.example.test/invoice.pdf","caption":"Invoice","filename":"invoice-0042.pdf"}}""");
    }

    [Fact]
    public async Task SendAsync_AudioWithCaption_LeavesTheCaptionOut()
    {
        AnswerAccepted();

        await SendAsync(new OutboundContent { Type = "audio", Media = new OutboundMedia("998877", null, "ignored", null) });

        AssertSentBody("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"5491123456789","type":"audio","audio":{"id":"998877"}}""");
    }

    [Fact]
    public async Task SendAsync_Reply_SendsTheContextMessageId()
    {
        AnswerAccepted();

        await SendAsync(new OutboundContent { Type = "text", Text = "Sure", PreviewUrl = true, ReplyToWamid = "wamid.ORIGINAL==" });

        AssertSentBody("""{"messaging_product":"whatsapp","recipient_type":"individual","to":"5491123456789","type":"text","context":{"message_id":"wamid.ORIGINAL=="},"text":{"preview_url":true,"body":"Sure"}}""");
    }

    [Theory]
    [InlineData(401, 190, "Error validating access token: Session has expired", false, true)]
    [InlineData(400, 131047, "Re-engagement message", false, false)]
    [InlineData(400, 131026, "Message undeliverable", false, false)]
    [InlineData(400, 130429, "Rate limit hit", true, false)]
    [InlineData(400, 131056, "(Business Account, Consumer Account) pair rate limit hit", true, false)]
    [InlineData(500, 1, "An unknown error occurred", true, false)]
    public async Task SendAsync_GraphError_MapsCodeTitleDetailsAndHandling(int status, int code, string message, bool retryable, bool credentialsInvalid)
    {
        Fake.Enqueue(FakeGraphAnswer.GraphError(status, code, message, "More details on the error"));

        var result = await SendAsync(new OutboundContent { Type = "text", Text = "Hello" });

        Assert.False(result.IsAccepted);
        var error = result.Error!;
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Code);
        Assert.Equal(message, error.Title);
        Assert.Equal("More details on the error", error.Details);
        Assert.Equal(retryable, error.Retryable);
        Assert.Equal(credentialsInvalid, error.CredentialsInvalid);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_Http429WithRetryAfter_IsRetryableAfterThatDelay()
    {
        Fake.Enqueue(FakeGraphAnswer.GraphError(429, 80007, "Rate limit issues", headers: new Dictionary<string, string> { ["Retry-After"] = "17" }));

        var result = await SendAsync(new OutboundContent { Type = "text", Text = "Hello" });

        Assert.Equal("80007", result.Error!.Code);
        Assert.True(result.Error.Retryable);
        Assert.False(result.Error.CredentialsInvalid);
        Assert.Equal(TimeSpan.FromSeconds(17), result.Error.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_NonJson502_IsRetryableHttp502()
    {
        Fake.Enqueue(FakeGraphAnswer.Text(502, "<html><body>Bad Gateway</body></html>"));

        var result = await SendAsync(new OutboundContent { Type = "text", Text = "Hello" });

        Assert.Equal("http_502", result.Error!.Code);
        Assert.True(result.Error.Retryable);
        Assert.False(result.Error.CredentialsInvalid);
    }

    [Fact]
    public async Task SendAsync_Http401WithoutBody_IsInvalidCredentials()
    {
        Fake.Enqueue(FakeGraphAnswer.Text(401, string.Empty));

        var result = await SendAsync(new OutboundContent { Type = "text", Text = "Hello" });

        Assert.Equal("http_401", result.Error!.Code);
        Assert.True(result.Error.CredentialsInvalid);
        Assert.False(result.Error.Retryable);
    }

    [Fact]
    public async Task SendAsync_NoAnswerWithinTheTimeout_IsRetryableTimeout()
    {
        Fake.Enqueue(FakeGraphAnswer.Json(200, "{}") with { Delay = TimeSpan.FromMinutes(5) });

        var result = await SendAsync(new OutboundContent { Type = "text", Text = "Hello" }, timeout: TimeSpan.FromMilliseconds(300));

        Assert.Equal("timeout", result.Error!.Code);
        Assert.True(result.Error.Retryable);
    }

    [Fact]
    public async Task UploadMediaAsync_SlowerThanTheHttpTimeoutWithinTheUploadTimeout_Uploads()
    {
        Fake.Enqueue(FakeGraphAnswer.Json(200, """{"id":"1234567890"}""") with { Delay = TimeSpan.FromSeconds(2) });

        var result = await Gateway(timeout: TimeSpan.FromMilliseconds(300), uploadTimeout: TimeSpan.FromMinutes(1))
            .UploadMediaAsync(Credentials, Upload(), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal("1234567890", result.MediaId);
    }

    [Fact]
    public async Task UploadMediaAsync_NoAnswerWithinTheUploadTimeout_IsRetryableTimeout()
    {
        Fake.Enqueue(FakeGraphAnswer.Json(200, """{"id":"1234567890"}""") with { Delay = TimeSpan.FromMinutes(5) });

        var result = await Gateway(timeout: TimeSpan.FromMinutes(1), uploadTimeout: TimeSpan.FromMilliseconds(300))
            .UploadMediaAsync(Credentials, Upload(), CancellationToken.None);

        Assert.Equal("timeout", result.Error!.Code);
        Assert.True(result.Error.Retryable);
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsRetryableNetworkError()
    {
        var gateway = Gateway();
        await Fake.DisposeAsync();

        var result = await gateway.SendAsync(new GatewaySendRequest(Credentials, "5491123456789", new OutboundContent { Type = "text", Text = "Hello" }), CancellationToken.None);

        Assert.Equal("network_error", result.Error!.Code);
        Assert.True(result.Error.Retryable);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        Fake.Enqueue(FakeGraphAnswer.Json(200, "{}") with { Delay = TimeSpan.FromMinutes(5) });
        using var cancellation = new CancellationTokenSource();
        var gateway = Gateway();

        var sending = gateway.SendAsync(new GatewaySendRequest(Credentials, "5491123456789", new OutboundContent { Type = "text", Text = "Hello" }), cancellation.Token);
        while (Fake.Requests.Count == 0)
        {
            await Task.Delay(10);
        }

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public async Task SendAsync_SuccessWithoutMessageId_IsANonRetryableInvalidResponse()
    {
        Fake.Enqueue(FakeGraphAnswer.Json(200, """{"messages":[]}"""));

        var result = await SendAsync(new OutboundContent { Type = "text", Text = "Hello" });

        Assert.Equal("invalid_response", result.Error!.Code);
        Assert.False(result.Error.Retryable);
    }

    [Fact]
    public async Task SendAsync_ComponentsNotAnArray_FailsWithoutCallingWhatsApp()
    {
        var result = await SendAsync(new OutboundContent { Type = "template", Template = new OutboundTemplate("x", "en", """{"type":"body"}""") });

        Assert.Equal("invalid_request", result.Error!.Code);
        Assert.False(result.Error.Retryable);
        Assert.Empty(Fake.Requests);
    }

    [Fact]
    public async Task CheckCredentialsAsync_TokenAccepted_IsValidWithTheNames()
    {
        Fake.Enqueue(FakeGraphAnswer.Json(200, """{"verified_name":"Acme Support","display_phone_number":"+1 555-000-1234","id":"106540352242922"}"""));

        var result = await Gateway().CheckCredentialsAsync(Credentials, CancellationToken.None);

        Assert.True(result.Valid);
        Assert.Equal("Acme Support", result.VerifiedName);
        Assert.Equal("+1 555-000-1234", result.DisplayPhoneNumber);
        var request = Assert.Single(Fake.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/v23.0/{PhoneNumberId}", request.Path);
        Assert.Equal("?fields=verified_name,display_phone_number", request.Query);
        Assert.Equal($"Bearer {Token}", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task CheckCredentialsAsync_Token190_IsInvalidWithCodeAndTitle()
    {
        Fake.Enqueue(FakeGraphAnswer.GraphError(401, 190, "Error validating access token"));

        var result = await Gateway().CheckCredentialsAsync(Credentials, CancellationToken.None);

        Assert.False(result.Valid);
        Assert.Equal("190", result.ErrorCode);
        Assert.Equal("Error validating access token", result.ErrorTitle);
    }

    [Fact]
    public void For_ProviderWithoutGateway_ThrowsNamingTheProvider()
    {
        var resolver = new WhatsAppGatewayResolver([Gateway()]);

        Assert.Equal(ConnectionProvider.CloudApi, resolver.For(ConnectionProvider.CloudApi).Provider);
        var error = Assert.Throws<InvalidOperationException>(() => resolver.For(ConnectionProvider.Sandbox));
        Assert.Contains("Sandbox", error.Message, StringComparison.Ordinal);
    }
}
