using System.Text.RegularExpressions;

namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>Posts the dashboard's sign-in forms as a browser does: with the anti-forgery token of the page and its cookie.</summary>
public static partial class DashboardForms
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>The anti-forgery token embedded in a sign-in page.</summary>
    public static string Token(string page)
    {
        var match = TokenInput().Match(page);
        Assert.True(match.Success, "the page carries an anti-forgery token");
        return match.Groups[1].Value;
    }

    /// <summary>
    /// Posts <paramref name="fields"/> to <paramref name="path"/> with the token of <paramref name="page"/>, or of a
    /// freshly loaded <c>/hangfire-login</c> page. The client must keep cookies (the default of the test clients).
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, Dictionary<string, string> fields, string? page = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        page ??= await client.GetStringAsync("/hangfire-login");
        var withToken = new Dictionary<string, string>(fields) { [TokenField] = Token(page) };
        using var content = new FormUrlEncodedContent(withToken);
        return await client.PostAsync(path, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
