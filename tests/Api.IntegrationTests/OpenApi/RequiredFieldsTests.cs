using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>
/// The <c>required</c> lists of the request schemas are what the API enforces: an empty body is refused
/// with a validation message for every required field, and for no other field except those needed only in
/// some cases (listed below with the reason).
/// </summary>
public sealed class RequiredFieldsTests(EmbeddedApiFixture fixture) : IClassFixture<EmbeddedApiFixture>
{
    /// <summary>Fields an empty body is refused for, although a valid request may leave them out.</summary>
    private static readonly Dictionary<string, string[]> NeededOnlyInSomeCases = new(StringComparer.Ordinal)
    {
        ["mfa_login"] = ["code"], // a TOTP code or a recovery code
        ["mfa_disable"] = ["code"], // a TOTP code or a recovery code
        ["conversations_transfer"] = ["toUserId"], // a user, a queue or both
        ["sandbox_inbound"] = ["from", "text"], // a phone number or a user id; text only for the default type, text
    };

    [Fact]
    public async Task EmptyBody_EveryOperation_IsRefusedForExactlyItsRequiredFields()
    {
        using var client = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var document = fixture.Document;
        var checkedOperations = 0;

        foreach (var (method, path, operation) in document.Operations())
        {
            if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is not JsonObject bodySchema || bodySchema["$ref"] is null)
            {
                continue;
            }

            var id = (string)operation["operationId"]!;
            var schema = document.Resolve(bodySchema);
            var required = schema["required"]?.AsArray().Select(r => (string)r!).ToHashSet(StringComparer.Ordinal) ?? [];
            var url = path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace("{connectionId}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new JsonObject()) };

            var response = await client.SendAsync(request);

            if (required.Count == 0 && response.StatusCode != HttpStatusCode.BadRequest)
            {
                checkedOperations++;
                continue;
            }

            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            var refused = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            var conditional = NeededOnlyInSomeCases.GetValueOrDefault(id, []);
            Assert.True(required.IsSubsetOf(refused), $"{id}: required {string.Join(",", required)} but an empty body is refused for {string.Join(",", refused)}");
            Assert.True(refused.Except(conditional).ToHashSet().SetEquals(required), $"{id}: an empty body is refused for {string.Join(",", refused)} but only {string.Join(",", required)} are required");
            checkedOperations++;
        }

        Assert.True(checkedOperations >= 15, $"checked {checkedOperations} operations");
    }
}
