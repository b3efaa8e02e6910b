using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Infrastructure.Persistence.Counters;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("contacts", t => t.HasCheckConstraint("ck_contacts_identified", "wa_id IS NOT NULL OR user_id IS NOT NULL"));
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();

        // A customer is known by phone number, by BSUID or both; each identifies one contact.
        builder.Property(c => c.WaId).HasMaxLength(PhoneNumber.MaxDigits);
        builder.HasIndex(c => c.WaId).IsUnique().HasFilter("wa_id IS NOT NULL");
        builder.Property(c => c.UserId).HasMaxLength(BusinessScopedUserId.MaxLength);
        builder.HasIndex(c => c.UserId).IsUnique().HasFilter("user_id IS NOT NULL");
        builder.Property(c => c.ParentUserId).HasMaxLength(BusinessScopedUserId.MaxLength);
        builder.Property(c => c.Username).HasMaxLength(Contact.MaxNameLength);
        builder.Property(c => c.ProfileName).HasMaxLength(Contact.MaxNameLength);
        builder.Property(c => c.DisplayName).HasMaxLength(Contact.MaxNameLength);

        // What the contacts list's search reads (ContactSearchText, ADR 0060), kept by ContactSearchIndexer on every save.
        // Null only for a contact stored before it existed, until ContactSearchBackfill writes it at start-up. Its trigram
        // index, and the partial index that finds those contacts, are written in the migrations.
        builder.Property<string?>(ContactSearchText.Property);
        builder.Property(c => c.Tags).IsRequired();
        builder.Ignore(c => c.Name);
    }
}

/// <summary>
/// A contact's identity history. No foreign key: a merge moves the rows of the contact merged away to the one it
/// became part of, in the same transaction.
/// </summary>
internal sealed class ContactIdentityEventConfiguration : IEntityTypeConfiguration<ContactIdentityEvent>
{
    public void Configure(EntityTypeBuilder<ContactIdentityEvent> builder)
    {
        builder.ToTable("contact_identity_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Change).HasConversion<string>().HasMaxLength(32).IsRequired();
        builder.Property(e => e.OldWaId).HasMaxLength(PhoneNumber.MaxDigits);
        builder.Property(e => e.NewWaId).HasMaxLength(PhoneNumber.MaxDigits);
        builder.Property(e => e.OldUserId).HasMaxLength(BusinessScopedUserId.MaxLength);
        builder.Property(e => e.NewUserId).HasMaxLength(BusinessScopedUserId.MaxLength);
        builder.Property(e => e.Source).HasMaxLength(ContactIdentityEvent.MaxSourceLength);
        builder.HasIndex(e => new { e.ContactId, e.OccurredAt });
    }
}

/// <summary>The contact counters per pair of opt-out flags, maintained by triggers the migrations create.</summary>
internal sealed class ContactCountConfiguration : IEntityTypeConfiguration<ContactCount>
{
    public void Configure(EntityTypeBuilder<ContactCount> builder)
    {
        builder.ToTable("contact_counts");
        builder.HasKey(c => new { c.OptedOut, c.MarketingOptedOut });
    }
}

/// <summary>Which contacts each queue has conversations with, maintained by triggers the migrations create.</summary>
internal sealed class ConversationQueueContactConfiguration : IEntityTypeConfiguration<ConversationQueueContact>
{
    public void Configure(EntityTypeBuilder<ConversationQueueContact> builder)
    {
        builder.ToTable("conversation_queue_contacts");
        builder.HasKey(c => new { c.QueueKey, c.ContactId });

        // A SUPERVISOR's contacts are checked contact by contact while their list is read in name order (ADR 0059): by
        // the contact first, so each check reads the contact's few entries instead of probing every queue's.
        builder.HasIndex(c => new { c.ContactId, c.QueueKey });
    }
}
