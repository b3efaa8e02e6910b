using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Infrastructure.Identity;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class SignInFailureCountConfiguration : IEntityTypeConfiguration<SignInFailureCount>
{
    public void Configure(EntityTypeBuilder<SignInFailureCount> builder)
    {
        builder.ToTable("sign_in_failures");
        builder.HasKey(f => f.AccountKey);
        builder.Property(f => f.AccountKey).HasMaxLength(64);
        builder.HasIndex(f => f.ExpiresAtUnixMs);
    }
}
