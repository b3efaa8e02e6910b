using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Media;

namespace WhatsSuite.Infrastructure.Persistence.Configurations;

internal sealed class MediaObjectConfiguration : IEntityTypeConfiguration<MediaObject>
{
    public void Configure(EntityTypeBuilder<MediaObject> builder)
    {
        builder.ToTable("media_objects");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Sha256).HasMaxLength(MediaObject.Sha256HexLength).IsRequired();
        builder.Property(o => o.StorageKey).HasMaxLength(MediaObject.MaxStorageKeyLength).IsRequired();
        builder.Property(o => o.ContentType).HasMaxLength(MediaObject.MaxContentTypeLength).IsRequired();
        builder.Property(o => o.KeyId).HasMaxLength(MediaObject.KeyIdLength);

        // Content-addressed per connection: the same file is stored once.
        builder.HasIndex(o => new { o.ConnectionId, o.Sha256 }).IsUnique();
        builder.HasIndex(o => o.StorageKey).IsUnique();

        // Key rotation walks the files not yet under the current key.
        builder.HasIndex(o => new { o.KeyId, o.Id });
        builder.HasOne<Connection>().WithMany().HasForeignKey(o => o.ConnectionId).OnDelete(DeleteBehavior.Restrict);
    }
}
