using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Users;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Application.IntegrationTests.Persistence;

/// <summary>
/// <see cref="IBulkInserter"/> on PostgreSQL (binary COPY): rows come back exactly as the context stores them (value
/// conversions, nulls, every column), and they belong to the open transaction, so a rolled-back command leaves none.
/// </summary>
public sealed class BulkInserterTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private async Task<Guid> CampaignAsync()
    {
        var queue = await fixture.Seed.QueueAsync();
        var supervisor = await fixture.Seed.UserAsync(Role.SUPERVISOR);
        var connection = await fixture.Seed.ConnectionAsync([queue]);
        var name = $"bulk_{Guid.NewGuid():N}"[..20];
        await fixture.Seed.TemplateAsync(connection, name, "es", bodyVariables: 1);
        var created = await fixture.SendAsync(supervisor.Actor, new CreateCampaignCommand(
            "Bulk", [connection], new CampaignTemplateInput(name, "es", new Dictionary<string, string> { ["body.1"] = "contact.name" }), queue, null, null));
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value.Id;
    }

    [Fact]
    public async Task InsertAsync_RowsWithConversionsAndNulls_ReadBackAsTheContextStoresThem()
    {
        var campaign = await CampaignAsync();
        var contact = await fixture.Seed.ContactAsync();
        var time = fixture.Seed.NextTime();
        var now = new DateTimeOffset(time.Ticks - (time.Ticks % 10), TimeSpan.Zero); // PostgreSQL keeps microseconds
        CampaignRecipient[] rows =
        [
            CampaignRecipient.Pending(campaign, "5491155550001", "+54 9 11 5555-0001 ✓", 2, contact, """{"contact.name":"Añá 👩🏽‍💻"}""", now),
            CampaignRecipient.Skipped(campaign, null, "no es un número", 3, null, CampaignSkipReasons.InvalidNumber, now),
        ];

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<IBulkInserter>().InsertAsync(rows, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var stored = await fixture.QueryAsync(db => db.CampaignRecipients.Where(r => r.CampaignId == campaign).OrderBy(r => r.Line).ToListAsync());
        Assert.Equivalent(rows, stored, strict: true);
    }

    [Fact]
    public async Task InsertAsync_TransactionRolledBack_LeavesNoRow()
    {
        var campaign = await CampaignAsync();
        var now = fixture.Seed.NextTime();

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<IBulkInserter>().InsertAsync(
                [CampaignRecipient.Pending(campaign, "5491155550002", "5491155550002", 1, null, "{}", now)], CancellationToken.None);
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await fixture.QueryAsync(db => db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign)));
    }
}
