using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Persistence.Search;

namespace WhatsSuite.Api.IntegrationTests.Contacts;

/// <summary>The contacts list's search on SQLite (embedded mode).</summary>
public sealed class EmbeddedContactsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"whatssuite-contacts-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task List_SearchWithoutAccents_OnSqlite_FindsTheAccentedNameAlsoAfterTheBackfill()
    {
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var accented = await seeder.ContactAsync(profileName: "María José Núñez");
        var other = await seeder.ContactAsync(profileName: "Mario Nunes");
        using var admin = app.CreateClient().WithBearer(adminToken);

        async Task<List<Guid>> SearchAsync(string q) =>
            (await (await admin.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString(q)}")).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

        Assert.Equal([accented], await SearchAsync("MARIA JOSE NUNEZ"));
        Assert.Equal([accented], await SearchAsync("josé núñez"));

        // Contacts stored before the searchable text existed have none until the start-up backfill writes it.
        await app.QueryAsync(db => db.Contacts.ExecuteUpdateAsync(set => set.SetProperty(c => EF.Property<string?>(c, ContactSearchText.Property), (string?)null)));
        Assert.Empty(await SearchAsync("maria jose"));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var contacts = await app.QueryAsync(db => db.Contacts.CountAsync());
            Assert.Equal(contacts, await ContactSearchBackfill.RunAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), CancellationToken.None));
        }

        Assert.Equal([accented], await SearchAsync("maria jose"));
        Assert.Equal([other], await SearchAsync("nunes"));
    }
}
