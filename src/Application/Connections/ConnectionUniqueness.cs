using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Connections;

/// <summary>Names and phone number ids are unique among connections that are not deleted.</summary>
internal static class ConnectionUniqueness
{
    /// <summary>The conflict, if another live connection (not <paramref name="exceptId"/>) has the name or the phone number id.</summary>
    public static async Task<Error?> CheckAsync(IApplicationDbContext db, string name, string phoneNumberId, Guid? exceptId, CancellationToken cancellationToken)
    {
        var normalized = Connection.NormalizeName(name);
        var others = db.Connections.AsNoTracking().Where(c => c.DeletedAt == null && (exceptId == null || c.Id != exceptId));
        if (await others.AnyAsync(c => c.NormalizedName == normalized, cancellationToken))
        {
            return ConnectionErrors.NameTaken;
        }

        var trimmed = phoneNumberId.Trim();
        if (await others.AnyAsync(c => c.PhoneNumberId == trimmed, cancellationToken))
        {
            return ConnectionErrors.PhoneNumberIdTaken;
        }

        return null;
    }
}
