using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Api.IntegrationTests.Platform;

/// <summary>
/// Each scope leases its context from a pool and gives it back when it ends (ADR 0065): a later scope that gets the same
/// context finds nothing of the scope before: no tracked entity, no changed setting, no open connection or transaction,
/// and its own desk capture. The pool hands contexts out in the order they came back, so the test leases until it meets
/// the one it changed, checking every context it gets on the way.
/// </summary>
public sealed class PooledContextTests(ServerModeFixture fixture) : IClassFixture<ServerModeFixture>
{
    private const int MostLeases = 1_000;

    [Fact]
    public async Task Lease_ContextAnEarlierScopeChanged_ComesBackWithNothingOfThatScope()
    {
        var scopes = fixture.App.Services.GetRequiredService<IServiceScopeFactory>();
        AppDbContext changed;
        object changedCapture;
        await using (var scope = scopes.CreateAsyncScope())
        {
            changed = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            changedCapture = changed.DeskChangeCapture!;
            _ = await changed.Users.FirstAsync();
            changed.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
            changed.Database.SetCommandTimeout(1);
            await changed.Database.OpenConnectionAsync();
            await changed.Database.BeginTransactionAsync();
        }

        Assert.Null(changed.DeskChangeCapture);
        for (var lease = 0; lease < MostLeases; lease++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<AppDbContext>();

            Assert.Empty(context.ChangeTracker.Entries());
            Assert.Equal(QueryTrackingBehavior.TrackAll, context.ChangeTracker.QueryTrackingBehavior);
            Assert.NotEqual(1, context.Database.GetCommandTimeout());
            Assert.Null(context.Database.CurrentTransaction);
            Assert.Equal(ConnectionState.Closed, context.Database.GetDbConnection().State);
            Assert.NotNull(context.DeskChangeCapture);
            Assert.NotSame(changedCapture, context.DeskChangeCapture);
            if (ReferenceEquals(context, changed))
            {
                return;
            }
        }

        Assert.Fail($"The changed context did not come back from the pool in {MostLeases} leases.");
    }
}
