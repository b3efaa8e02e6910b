using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Infrastructure.Persistence.Search;

/// <summary>
/// Keeps each contact's searchable text (<see cref="ContactSearchText"/>) in step with its names inside
/// <see cref="AppDbContext.SaveChangesAsync"/>: written for a new contact and rewritten when its display name, profile
/// name, username or user id changed. Every code path that stores contacts goes through it.
/// </summary>
internal static class ContactSearchIndexer
{
    /// <summary>The contact's properties its searchable text is made of (<see cref="ContactSearchText.Of(Contact)"/>).</summary>
    internal static readonly string[] TextProperties =
        [nameof(Contact.DisplayName), nameof(Contact.ProfileName), nameof(Contact.Username), nameof(Contact.UserId)];

    /// <summary>Runs after the changes were detected and with automatic detection off: setting the value marks it modified.</summary>
    public static void Apply(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<Contact>())
        {
            if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && TextProperties.Any(p => entry.Property(p).IsModified)))
            {
                var text = entry.Property<string?>(ContactSearchText.Property);
                var current = ContactSearchText.Of(entry.Entity);
                if (text.CurrentValue != current)
                {
                    text.CurrentValue = current;
                }
            }
        }
    }
}
