using System.Net;
using WhatsSuite.Api.IntegrationTests.Support;

namespace WhatsSuite.Api.IntegrationTests.OpenApi;

/// <summary>OPENAPI_PUBLIC: the document and Swagger UI are public by default; when off, only signed-in callers get the document and there is no UI.</summary>
public sealed class OpenApiExposureTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-openapi-exposure-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Default_DocumentAndSwaggerUi_ArePublic()
    {
        await using var app = new WhatsSuiteApp(Settings(null));
        using var anonymous = app.CreateClient();

        var document = await anonymous.GetAsync("/swagger/v1/swagger.json");
        var ui = await anonymous.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"openapi\"", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    [Fact]
    public async Task NotPublic_AnonymousCaller_GetsNeitherDocumentNorUi()
    {
        await using var app = new WhatsSuiteApp(Settings("false"));
        using var anonymous = app.CreateClient();

        var document = await anonymous.GetAsync("/swagger/v1/swagger.json");
        var ui = await anonymous.GetAsync("/swagger/index.html");

        await document.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
        Assert.Equal("Bearer", document.Headers.WwwAuthenticate.Single().Scheme);
        await ui.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    [Fact]
    public async Task NotPublic_SignedInCaller_GetsTheDocumentButNoUi()
    {
        await using var app = new WhatsSuiteApp(Settings("off"));
        using var anonymous = app.CreateClient();
        var token = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        using var signedIn = app.CreateClient().WithBearer(token);

        var document = await signedIn.GetAsync("/swagger/v1/swagger.json");
        var ui = await signedIn.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"operationId\"", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, ui.StatusCode);
    }

    [Fact]
    public async Task NotPublic_RevokedToken_IsRefused()
    {
        await using var app = new WhatsSuiteApp(Settings("false"));
        using var anonymous = app.CreateClient();
        var token = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        using var signedIn = app.CreateClient().WithBearer(token);
        Assert.Equal(HttpStatusCode.NoContent, (await signedIn.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        var document = await signedIn.GetAsync("/swagger/v1/swagger.json");

        await document.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.unauthenticated");
    }

    [Fact]
    public void InvalidValue_StopsStartUp()
    {
        using var app = new WhatsSuiteApp(Settings("sometimes"));

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("OPENAPI_PUBLIC", error.ToString(), StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings(string? openApiPublic)
    {
        var settings = WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, $"{Guid.NewGuid():N}.db"));
        if (openApiPublic is not null)
        {
            settings["OPENAPI_PUBLIC"] = openApiPublic;
        }

        return settings;
    }
}
