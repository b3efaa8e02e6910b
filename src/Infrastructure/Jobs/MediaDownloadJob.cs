using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Logging;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Media;
using WhatsSuite.Application.Media.RecordMediaDownload;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Background;
using WhatsSuite.Infrastructure.Persistence;

namespace WhatsSuite.Infrastructure.Jobs;

/// <summary>
/// Downloads the media file of one inbound message (a Hangfire job, one per message): fetches it through the
/// connection's <see cref="IWhatsAppMediaSource"/>, streams it through the checks (<see cref="MediaInspectionStream"/>:
/// size limit, SHA-256, sniffed type) into the media store under a temporary key, then moves it to its
/// content-addressed key (or to quarantine), makes an image's thumbnail, and records the outcome with <see cref="RecordMediaDownloadCommand"/> as
/// <c>job:media-download</c>. A failed attempt is scheduled again with backoff while attempts remain; the message
/// itself never depends on its file. Idempotent: a message whose media is no longer pending is skipped, and the job
/// claims the message's media (<see cref="Queue"/>: its next attempt time becomes a lease until the job's deadline)
/// before fetching, so a second job for the same message (a sweep's, an administrator's retry, a duplicate) does not
/// fetch the file again while one is in flight.
/// </summary>
public sealed partial class MediaDownloadJob(
    AppDbContext db,
    ActorContext actorContext,
    IMediator mediator,
    IWhatsAppMediaSourceResolver sources,
    ISecretProtector secrets,
    IMediaStore store,
    IMediaThumbnails thumbnails,
    MediaOptions options,
    IMediaDownloads downloads,
    TimeProvider clock,
    ILogger<MediaDownloadJob> logger)
{
    public const string Name = "media-download";

    public const string DisplayName = "Download media of message {0}";

    /// <summary>The longest one download may take.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    /// <summary>How long a download holds its claim: its deadline and the time to record the outcome.</summary>
    public static readonly TimeSpan ClaimLease = Deadline + TimeSpan.FromMinutes(2);

    /// <summary>Pending media whose next attempt is due; a download in flight holds it until its lease ends.</summary>
    internal static readonly LeasedQueue<Message> Queue = new()
    {
        Table = "messages",
        ReadySql = "q.media_status = @media_pending",
        ReadyParameters = new Dictionary<string, object> { ["media_pending"] = nameof(MediaStatus.Pending) },
        Ready = _ => m => m.MediaStatus == MediaStatus.Pending,
        Held = m => m.MediaStatus == MediaStatus.Pending,
        Id = m => m.Id,
        Lease = m => m.MediaNextAttemptAt,
    };

    [JobDisplayName(DisplayName)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid messageId, CancellationToken cancellationToken)
    {
        actorContext.Set(Actor.System(Name));
        var message = await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId)
            .Select(m => new { m.ConnectionId, m.MediaStatus, m.MediaId, m.MediaMimeType, m.MediaSha256 })
            .SingleOrDefaultAsync(cancellationToken);
        if (message is null || message.MediaStatus != MediaStatus.Pending || message.MediaId is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (!await Queue.ClaimOneAsync(db, messageId, now, now + ClaimLease, cancellationToken))
        {
            LogNotClaimed(logger, messageId);
            return;
        }

        var connection = await db.Connections.AsNoTracking().SingleAsync(c => c.Id == message.ConnectionId, cancellationToken);
        var credentials = new GatewayCredentials(connection.Id, connection.PhoneNumberId, connection.WabaId, connection.DisplayNumber, secrets.Unprotect(connection.AccessTokenProtected));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        MediaDownloadOutcome outcome;
        try
        {
            outcome = await DownloadAsync(messageId, message.ConnectionId, message.MediaId, message.MediaSha256, message.MediaMimeType, connection.Provider, credentials, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = MediaDownloadOutcome.Failed("timeout", retryable: true);
        }

        var result = await mediator.Send(new RecordMediaDownloadCommand(messageId, outcome), cancellationToken);
        if (!result.IsSuccess)
        {
            return;
        }

        var recorded = result.Value;
        LogOutcome(logger, messageId, outcome.Kind, recorded.Status, recorded.Attempts, outcome.Reason);
        if (recorded.RetryIn is { } delay)
        {
            downloads.Schedule(messageId, delay);
        }
    }

    private async Task<MediaDownloadOutcome> DownloadAsync(
        Guid messageId,
        Guid connectionId,
        string mediaId,
        string? declaredSha256,
        string? declaredMimeType,
        Domain.Connections.ConnectionProvider provider,
        GatewayCredentials credentials,
        CancellationToken cancellationToken)
    {
        await using var download = await sources.For(provider).DownloadAsync(credentials, mediaId, cancellationToken);
        if (download.Error is { } error)
        {
            return MediaDownloadOutcome.Failed($"{error.Code}: {error.Title}", error.Retryable || error.CredentialsInvalid);
        }

        if (download.DeclaredSize > options.MaxBytes)
        {
            return MediaDownloadOutcome.Quarantined(MediaChecks.TooLarge);
        }

        var incoming = MediaKeys.Incoming(messageId);
        using var inspector = new MediaInspectionStream(download.Content!, options.MaxBytes);
        string? keyId;
        try
        {
            keyId = await store.WriteAsync(incoming, inspector, cancellationToken);
        }
        catch (MediaTooLargeException)
        {
            return MediaDownloadOutcome.Quarantined(MediaChecks.TooLarge);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            LogInterrupted(logger, exception, messageId);
            return MediaDownloadOutcome.Failed("download_interrupted", retryable: true);
        }

        var (contentType, rejection) = MediaChecks.Evaluate(inspector, declaredSha256, declaredMimeType ?? download.DeclaredMimeType, options);
        if (rejection is null && !inspector.MatchesDeclared(download.DeclaredSha256))
        {
            rejection = MediaChecks.ChecksumMismatch;
        }

        if (rejection is not null)
        {
            await store.MoveAsync(incoming, MediaKeys.Quarantine(connectionId, messageId), cancellationToken);
            return MediaDownloadOutcome.Quarantined(rejection);
        }

        var sha256 = inspector.Sha256Hex();
        var key = MediaKeys.Stored(connectionId, sha256);
        // Already stored on this connection: renewed, so the unreferenced-media sweep leaves it for the message to use.
        if (await MediaObjectReuse.RenewAsync(db, connectionId, sha256, clock.GetUtcNow(), cancellationToken))
        {
            await store.DeleteAsync(incoming, cancellationToken);
        }
        else
        {
            await store.MoveAsync(incoming, key, cancellationToken);
            await thumbnails.CreateAsync(key, contentType, cancellationToken);
        }

        return MediaDownloadOutcome.Stored(sha256, inspector.Length64, contentType, key, keyId);
    }

    [LoggerMessage(EventId = LogEvents.MediaDownloadRecorded, Level = LogLevel.Information, Message = "Media download of message {MessageId}: {Outcome}, now {Status} after {Attempts} attempts ({Reason})")]
    private static partial void LogOutcome(ILogger logger, Guid messageId, MediaDownloadOutcomeKind outcome, MediaStatus? status, int attempts, string? reason);

    [LoggerMessage(EventId = LogEvents.MediaDownloadNotClaimed, Level = LogLevel.Information, Message = "The media of message {MessageId} is being downloaded by another job, or not due yet: this job leaves it")]
    private static partial void LogNotClaimed(ILogger logger, Guid messageId);

    [LoggerMessage(EventId = LogEvents.MediaDownloadInterrupted, Level = LogLevel.Warning, Message = "The media download of message {MessageId} was interrupted")]
    private static partial void LogInterrupted(ILogger logger, Exception exception, Guid messageId);
}

/// <summary>Enqueues <see cref="MediaDownloadJob"/> in Hangfire.</summary>
public sealed class HangfireMediaDownloads(IBackgroundJobClient jobs) : IMediaDownloads
{
    public void Enqueue(Guid messageId) => jobs.Enqueue<MediaDownloadJob>(job => job.RunAsync(messageId, CancellationToken.None));

    public void Schedule(Guid messageId, TimeSpan delay) => jobs.Schedule<MediaDownloadJob>(job => job.RunAsync(messageId, CancellationToken.None), delay);
}
