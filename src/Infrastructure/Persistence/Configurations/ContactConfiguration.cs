using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Contacts;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("contacts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.WaId).HasMaxLength(PhoneNumber.MaxDigits).IsRequired();
        builder.HasIndex(c => c.WaId).IsUnique();
        builder.Property(c => c.ProfileName).HasMaxLength(Contact.MaxNameLength);
        builder.Property(c => c.DisplayName).HasMaxLength(Contact.MaxNameLength);
        builder.Property(c => c.Tags).IsRequired();
        builder.Ignore(c => c.Name);
    }
}
