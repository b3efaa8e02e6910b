using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;

namespace WhatsSuite.Application.Media;

/// <summary>
/// Reusing a stored file (an upload or a download of bytes already stored on the connection) renews it: its
/// <c>UpdatedAt</c> becomes now, in one conditional statement, so the unreferenced-media sweep
/// (<see cref="DeleteUnreferencedMedia.DeleteUnreferencedMediaCommand"/>) does not delete it before a message
/// references it. The sweep deletes an object only where <c>UpdatedAt</c> still has the value it read, so a renewal and
/// a deletion never both succeed: when this finds nothing to renew (the object was just deleted), the caller stores the
/// file again as new. Like a lease, the renewal is a timestamp written directly, not a state change of its own.
/// </summary>
public static class MediaObjectReuse
{
    /// <summary>Renews the connection's stored file with this SHA-256; false when there is none (store it as new).</summary>
    public static async Task<bool> RenewAsync(IApplicationDbContext db, Guid connectionId, string sha256, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.MediaObjects
            .Where(o => o.ConnectionId == connectionId && o.Sha256 == sha256)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, now), cancellationToken) > 0;
    }
}
