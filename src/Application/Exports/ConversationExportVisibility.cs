using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Exports;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Exports;

/// <summary>Who sees a background export: its requester, and ADMIN every one; anyone else is answered as if it did not exist.</summary>
internal static class ConversationExportVisibility
{
    /// <summary>The denial reason written to the audit trail for someone else's export.</summary>
    public const string NotRequester = "not_requester";

    public static IQueryable<ConversationExportFile> VisibleTo(IQueryable<ConversationExportFile> exports, Actor actor)
    {
        if (actor.Role == Role.ADMIN)
        {
            return exports;
        }

        var userId = actor.UserId ?? Guid.Empty;
        return exports.Where(e => e.RequestedBy == userId);
    }

    public static bool Sees(ConversationExportFile export, Actor actor) =>
        actor.Role == Role.ADMIN || (actor.UserId is { } userId && export.RequestedBy == userId);
}
