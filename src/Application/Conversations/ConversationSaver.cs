using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Application.Conversations;

/// <summary>
/// Saves conversation changes under the <c>Version</c> concurrency token. When someone else changed the
/// conversation first, the tracked entities are reloaded with the stored values so that the caller can
/// say what happened (taken by someone else, or just changed).
/// </summary>
internal static class ConversationSaver
{
    /// <summary>True when saved; false when a concurrent change won (the entities now hold the stored values).</summary>
    public static async Task<bool> TrySaveAsync(IApplicationDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException exception)
        {
            foreach (var entry in exception.Entries)
            {
                await entry.ReloadAsync(cancellationToken);
            }

            return false;
        }
    }
}
