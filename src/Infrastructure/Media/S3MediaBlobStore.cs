using System.Buffers;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Media;
using WhatsSuite.Infrastructure.Configuration;

namespace WhatsSuite.Infrastructure.Media;

/// <summary>
/// Media files as objects in an S3-compatible bucket (Amazon S3, MinIO, Ceph, Cloudflare R2; <c>MEDIA_S3_*</c>), one
/// object per key, through the official AWS SDK. Writes stream: the content is read one part at a time
/// (<see cref="PartBytes"/>, one pooled buffer per write): a file that fits in one part is one <c>PUT</c>, a larger one
/// a multipart upload, aborted when the content throws, so nothing is ever left under the key and no file is ever
/// whole in memory. An object appears only when its upload completes, so a reader never sees half a file. Reads ask
/// for the bytes from an offset (an HTTP range) and stream them. Keys are checked (<see cref="MediaKeys.IsValid"/>)
/// like the local store's. <see cref="MediaStore"/> encrypts before the bytes leave the process.
/// </summary>
public sealed partial class S3MediaBlobStore : IMediaBlobStore, IDisposable
{
    /// <summary>The size of an upload part: S3's smallest allowed part (every part but the last must be at least this).</summary>
    public const int PartBytes = 5 * 1024 * 1024;

    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly ILogger<S3MediaBlobStore> _logger;

    public S3MediaBlobStore(MediaSettings settings, ILogger<S3MediaBlobStore> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _logger = logger;
        var s3 = settings.S3 ?? throw new InvalidOperationException("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET.");
        _bucket = s3.Bucket;
        _client = CreateClient(s3);
    }

    /// <summary>A client for the configured endpoint (also used by operators' tooling and the tests to prepare a bucket).</summary>
    public static AmazonS3Client CreateClient(S3StorageSettings s3)
    {
        ArgumentNullException.ThrowIfNull(s3);
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.PathStyle,

            // S3-compatible servers do not all accept the SDK's newer default of a checksum on every request.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (s3.Endpoint is null)
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(s3.Region);
        }
        else
        {
            config.ServiceURL = s3.Endpoint;
            config.AuthenticationRegion = s3.Region;
        }

        AWSCredentials credentials = s3.AccessKey is null
            ? new AnonymousAWSCredentials()
            : new BasicAWSCredentials(s3.AccessKey, s3.SecretKey);
        return new AmazonS3Client(credentials, config);
    }

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Check(key);
        var buffer = ArrayPool<byte>.Shared.Rent(PartBytes);
        try
        {
            var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, PartBytes), PartBytes, throwOnEndOfStream: false, cancellationToken);
            if (filled < PartBytes)
            {
                using var single = new MemoryStream(buffer, 0, filled, writable: false);
                await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = single, AutoCloseStream = false, UseChunkEncoding = false }, cancellationToken);
                return;
            }

            await UploadInPartsAsync(key, content, buffer, filled, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Check(key);
        var request = new GetObjectRequest { BucketName = _bucket, Key = key };
        if (offset > 0)
        {
            request.ByteRange = new ByteRange($"bytes={offset}-");
        }

        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken);
            return new ResponseStream(response);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // Reading from the end of the object (or past it) reads nothing, as from the end of a file.
            return await ExistsAsync(key, cancellationToken) ? Stream.Null : null;
        }
    }

    public async Task MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken)
    {
        Check(fromKey);
        Check(toKey);
        // Streamed through this instance (a part at a time) rather than copied by the server: every S3-compatible server
        // implements GET and PUT alike, not all of them CopyObject's source header (s3rver, which the tests run on, refuses
        // the SDK's). A move happens once per stored file, when its checks have passed.
        await using (var source = await OpenReadAsync(fromKey, 0, cancellationToken)
            ?? throw new FileNotFoundException($"No media object under '{fromKey}'."))
        {
            await WriteAsync(toKey, source, cancellationToken);
        }

        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = fromKey }, cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Check(key);
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        Check(key);
        try
        {
            await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    private static void Check(string key)
    {
        if (!MediaKeys.IsValid(key))
        {
            throw new ArgumentException("Malformed media storage key.", nameof(key));
        }
    }

    private async Task UploadInPartsAsync(string key, Stream content, byte[] buffer, int filled, CancellationToken cancellationToken)
    {
        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key }, cancellationToken);
        var parts = new List<PartETag>();
        try
        {
            while (filled > 0)
            {
                using var part = new MemoryStream(buffer, 0, filled, writable: false);
                var number = parts.Count + 1;
                var uploaded = await _client.UploadPartAsync(
                    new UploadPartRequest { BucketName = _bucket, Key = key, UploadId = upload.UploadId, PartNumber = number, PartSize = filled, InputStream = part, UseChunkEncoding = false },
                    cancellationToken);
                parts.Add(new PartETag(number, uploaded.ETag));
                filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, PartBytes), PartBytes, throwOnEndOfStream: false, cancellationToken);
            }

            await _client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = upload.UploadId, PartETags = parts },
                cancellationToken);
        }
        catch
        {
            await AbortAsync(key, upload.UploadId);
            throw;
        }
    }

    /// <summary>
    /// Abandons an upload (its parts never become an object). A server that refuses is logged, not thrown over the
    /// write's own failure; the bucket's lifecycle rule for incomplete multipart uploads removes what is left.
    /// </summary>
    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
        }
        catch (AmazonServiceException exception)
        {
            LogAbortFailed(_logger, exception, key);
        }
    }

    [LoggerMessage(EventId = LogEvents.MediaS3AbortFailed, Level = LogLevel.Warning, Message = "An abandoned multipart upload to {Key} could not be aborted; the bucket's lifecycle rule for incomplete uploads removes its parts")]
    private static partial void LogAbortFailed(ILogger logger, Exception exception, string key);

    /// <summary>The body of a GET, disposing the response (and its connection) with the stream.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
