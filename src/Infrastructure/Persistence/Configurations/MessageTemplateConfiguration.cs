using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplate>
{
    public void Configure(EntityTypeBuilder<MessageTemplate> builder)
    {
        builder.ToTable("message_templates");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.MetaTemplateId).HasMaxLength(MessageTemplate.MaxMetaIdLength);
        builder.Property(t => t.Name).HasMaxLength(MessageTemplate.MaxNameLength).IsRequired();
        builder.Property(t => t.Language).HasMaxLength(MessageTemplate.MaxLanguageLength).IsRequired();
        builder.Property(t => t.Category).HasMaxLength(MessageTemplate.MaxCategoryLength).IsRequired();
        builder.Property(t => t.Status).HasMaxLength(MessageTemplate.MaxStatusLength).IsRequired();
        builder.Property(t => t.StatusReason).HasMaxLength(MessageTemplate.MaxReasonLength);
        builder.Property(t => t.Components).IsRequired();
        builder.Ignore(t => t.IsApproved);

        // One row per (number, name, language): a sync or a submission racing another fails instead of storing twice.
        builder.HasIndex(t => new { t.ConnectionId, t.Name, t.Language }).IsUnique();

        // Status webhooks name the template by Meta's id.
        builder.HasIndex(t => t.MetaTemplateId).HasFilter("meta_template_id IS NOT NULL");
        builder.HasOne<Connection>().WithMany().HasForeignKey(t => t.ConnectionId).OnDelete(DeleteBehavior.Restrict);
    }
}
