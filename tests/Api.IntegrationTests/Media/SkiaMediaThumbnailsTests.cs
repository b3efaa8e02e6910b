using WhatsSuite.Infrastructure.Media;

namespace WhatsSuite.Api.IntegrationTests.Media;

/// <summary>How a thumbnail's source is read: whole, bounded, and in memory proportional to the file, not to the limit.</summary>
public sealed class SkiaMediaThumbnailsTests
{
    [Fact]
    public async Task ReadBoundedAsync_SmallImage_HoldsAboutItsOwnSizeNotTheLimit()
    {
        var bytes = new byte[200 * 1024];
        Random.Shared.NextBytes(bytes);

        using var image = await SkiaMediaThumbnails.ReadBoundedAsync(new MemoryStream(bytes), SkiaMediaThumbnails.MaxSourceBytes, CancellationToken.None);

        Assert.NotNull(image);
        Assert.Equal(bytes, image.ToArray());
        Assert.True(image.Capacity <= 2 * bytes.Length, $"buffer of {image.Capacity} bytes for a file of {bytes.Length}");
    }

    [Fact]
    public async Task ReadBoundedAsync_ExactlyTheLimit_IsRead()
    {
        using var image = await SkiaMediaThumbnails.ReadBoundedAsync(new MemoryStream(new byte[4096]), 4096, CancellationToken.None);

        Assert.Equal(4096, image!.Length);
    }

    [Fact]
    public async Task ReadBoundedAsync_OverTheLimit_IsNullAfterReadingOnlyPastTheLimit()
    {
        var source = new MemoryStream(new byte[1024 * 1024]);

        var image = await SkiaMediaThumbnails.ReadBoundedAsync(source, 100 * 1024, CancellationToken.None);

        Assert.Null(image);
        Assert.True(source.Position < 300 * 1024, $"read {source.Position} bytes of a file over a 100 KiB limit");
    }
}
