using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Infrastructure.Persistence.Bulk;

/// <summary>
/// Server mode, inside a transaction: the messages a save adds go to <c>messages</c> with one binary <c>COPY</c> instead
/// of one <c>INSERT</c> command each (ADR 0071). A batch of 500 webhook deliveries stores 500 messages; through EF Core
/// each is a command of 37 parameters built, sent and parsed again, the largest share of the processor's allocations.
/// Runs after the desk's capture has seen the save (registered after <c>DeskChangeInterceptor</c>), before EF Core writes
/// the rest: the copied entries become unchanged, and the save's transaction commits or rolls them back with the rest.
/// A message whose conversation, media object or sender is added by the same save is left to EF Core, which orders its
/// INSERT after theirs. A unique index that refuses a row fails the save as EF Core's would (a
/// <see cref="DbUpdateException"/> around the <see cref="PostgresException"/>).
/// </summary>
internal sealed class AddedMessagesCopyInterceptor : SaveChangesInterceptor
{
    public static readonly AddedMessagesCopyInterceptor Instance = new();

    private static readonly ConcurrentDictionary<IEntityType, IReadOnlyList<IForeignKey>> ForeignKeys = new();

    private AddedMessagesCopyInterceptor()
    {
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is PostgresAppDbContext db && db.Database.CurrentTransaction is not null)
        {
            await CopyAsync(db, cancellationToken);
        }

        return result;
    }

    private static async Task CopyAsync(PostgresAppDbContext db, CancellationToken cancellationToken)
    {
        var tracker = db.ChangeTracker;
        var added = tracker.Entries<Message>().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0)
        {
            return;
        }

        var plan = PostgresCopy.For(added[0].Metadata);
        var foreignKeys = ForeignKeys.GetOrAdd(added[0].Metadata, OtherEntitiesKeys);
        var principals = foreignKeys.ToDictionary(
            fk => fk,
            fk => tracker.Entries().Where(e => e.State == EntityState.Added && e.Metadata == fk.PrincipalEntityType).Select(e => e.Property(fk.PrincipalKey.Properties[0].Name).CurrentValue).ToHashSet());
        var rows = added
            .Where(e => foreignKeys.All(fk => fk.Properties[0].GetGetter().GetClrValue(e.Entity) is not { } value || !principals[fk].Contains(value)))
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        try
        {
            await PostgresCopy.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), plan, rows.Select(r => r.Entity), cancellationToken);
        }
        catch (PostgresException exception)
        {
            throw new DbUpdateException("An error occurred while copying the new messages.", exception);
        }

        // Stored: EF Core writes nothing more for them (their owned parts neither) and treats them as loaded.
        foreach (var row in rows)
        {
            row.State = EntityState.Unchanged;
            foreach (var owned in row.References.Where(r => r.Metadata.TargetEntityType.IsOwned() && r.TargetEntry is not null))
            {
                owned.TargetEntry!.State = EntityState.Unchanged;
            }
        }
    }

    /// <summary>The single-column foreign keys to other entities: a row whose principal the same save adds waits for EF Core.</summary>
    private static IReadOnlyList<IForeignKey> OtherEntitiesKeys(IEntityType entity) =>
        [.. entity.GetForeignKeys().Where(fk => fk.Properties.Count == 1 && fk.PrincipalEntityType != entity && !fk.IsOwnership)];
}
