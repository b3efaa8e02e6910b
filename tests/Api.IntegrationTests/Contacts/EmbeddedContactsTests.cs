using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
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
    public async Task List_TotalOfASupervisor_OnSqlite_IsExactAtTheCapAndCappedOnceOneQueueHoldsMore()
    {
        // A fresh database: the SUPERVISOR sees exactly the queue's contacts (no conversation without a queue).
        await using var app = new WhatsSuiteApp(WhatsSuiteApp.EmbeddedSettings(Path.Combine(_directory, "whatssuite.db")));
        using var anonymous = app.CreateClient();
        var adminToken = (await anonymous.LoginAsync(WhatsSuiteApp.AdminEmail, WhatsSuiteApp.AdminPassword)).AccessToken;
        var seeder = new ConversationSeeder(app, adminToken);
        var queue = await seeder.QueueAsync();
        var supervisor = await seeder.UserAsync("SUPERVISOR", queue);
        var connection = await seeder.ConnectionAsync([queue]);
        using var client = app.CreateClient().WithBearer(supervisor.Token);

        async Task AddAsync(int count)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < count; i++)
            {
                var contact = Contact.Create(ConversationSeeder.RandomNumber(), $"Cliente {i}", now);
                db.Contacts.Add(contact);
                db.Conversations.Add(Conversation.StartInbound(connection, contact.Id, queue, now));
            }

            await db.SaveChangesAsync();
        }

        async Task<(int Total, bool Capped)> TotalAsync()
        {
            var page = await (await client.GetAsync("/api/v1/contacts?pageSize=1")).ReadJsonAsync();
            return (page.GetProperty("totalCount").GetInt32(), page.GetProperty("totalCountCapped").GetBoolean());
        }

        // The cap's worth of contacts in one queue is counted exactly; one more, and that queue alone proves the cap.
        await AddAsync(PageTotal.Cap);
        Assert.Equal((PageTotal.Cap, false), await TotalAsync());
        await AddAsync(1);
        Assert.Equal((PageTotal.Cap, true), await TotalAsync());
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
