using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Realtime;

/// <summary>
/// One for every context (their options are built once, for the pool of contexts): hands each save of a context to the
/// <see cref="DeskChangeCapture"/> of the scope that leased it (<see cref="AppDbContext.DeskChangeCapture"/>). A context
/// made outside a scope has none, and its saves are not shown on the desk.
/// </summary>
internal sealed class DeskChangeInterceptor : SaveChangesInterceptor
{
    public static readonly DeskChangeInterceptor Instance = new();

    private DeskChangeInterceptor()
    {
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        CaptureOf(eventData.Context)?.Capture(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        CaptureOf(eventData.Context)?.Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        CaptureOf(eventData.Context)?.Commit();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        CaptureOf(eventData.Context)?.Commit();
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => CaptureOf(eventData.Context)?.Discard();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CaptureOf(eventData.Context)?.Discard();
        return Task.CompletedTask;
    }

    private static DeskChangeCapture? CaptureOf(DbContext? context) => (context as AppDbContext)?.DeskChangeCapture;
}
