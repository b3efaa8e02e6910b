using WhatsSuite.Domain.Common;

namespace WhatsSuite.Domain.Connections;

/// <summary>
/// A WhatsApp business number. Its access token, app secret and webhook verify token are kept encrypted
/// (the <c>*Protected</c> properties hold ciphertext); they are never returned by the API except the
/// verify token, which the administrator copies into Meta's webhook settings. Deleting a connection keeps
/// the row, so its conversations keep their reference.
/// </summary>
public sealed class Connection
{
    public const int MaxNameLength = 80;
    public const int MaxIdentifierLength = 64;
    public const int MaxStatusReasonLength = 500;
    public const int DefaultSendRateLimitPerSecond = 80;
    public const int MaxSendRateLimitPerSecond = 1000;
    public const int MaxMetaAppIdLength = 32;
    public const int MaxQualityValueLength = 64;

    private readonly List<ConnectionQueue> _queues = [];

    private Connection()
    {
        Name = string.Empty;
        NormalizedName = string.Empty;
        PhoneNumberId = string.Empty;
        DisplayNumber = string.Empty;
        AccessTokenProtected = string.Empty;
        AppSecretProtected = string.Empty;
        WebhookVerifyTokenProtected = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>Trimmed, lower-case name; unique among connections that are not deleted.</summary>
    public string NormalizedName { get; private set; }

    public ConnectionProvider Provider { get; private set; }

    /// <summary>Meta's phone number id (the path of the send endpoint); unique among connections that are not deleted.</summary>
    public string PhoneNumberId { get; private set; }

    /// <summary>The WhatsApp Business Account id.</summary>
    public string? WabaId { get; private set; }

    /// <summary>The business number as E.164 digits.</summary>
    public string DisplayNumber { get; private set; }

    /// <summary>
    /// The Meta app whose webhooks this number's deliveries come through (digits, as in Meta's app dashboard). The
    /// connections of one app share its app secret and its app-level webhook endpoint, which routes each change to
    /// its number by phone number id.
    /// </summary>
    public string? MetaAppId { get; private set; }

    /// <summary>The latest quality or throughput event WhatsApp reported for the number (<c>phone_number_quality_update</c>: <c>FLAGGED</c>, <c>UPGRADE</c>, ...).</summary>
    public string? QualityEvent { get; private set; }

    /// <summary>The messaging limit or throughput level WhatsApp reported with it (<c>TIER_1K</c>, <c>TIER_UNLIMITED</c>, ...).</summary>
    public string? MessagingLimit { get; private set; }

    /// <summary>When WhatsApp reported them.</summary>
    public DateTimeOffset? QualityUpdatedAt { get; private set; }

    public string AccessTokenProtected { get; private set; }

    public string AppSecretProtected { get; private set; }

    public string WebhookVerifyTokenProtected { get; private set; }

    public int SendRateLimitPerSecond { get; private set; }

    public ConnectionStatus Status { get; private set; }

    /// <summary>Why the status is what it is (for example the Graph error of the last credentials check).</summary>
    public string? StatusReason { get; private set; }

    public DateTimeOffset? CredentialsCheckedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    /// <summary>The queues this number's conversations go to.</summary>
    public IReadOnlyCollection<ConnectionQueue> Queues => _queues;

    public static Connection Create(
        string name,
        ConnectionProvider provider,
        string phoneNumberId,
        string? wabaId,
        string displayNumber,
        string accessTokenProtected,
        string appSecretProtected,
        string webhookVerifyTokenProtected,
        int sendRateLimitPerSecond,
        DateTimeOffset now)
    {
        if (!Enum.IsDefined(provider))
        {
            throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown provider.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(accessTokenProtected);
        ArgumentException.ThrowIfNullOrWhiteSpace(appSecretProtected);
        ArgumentException.ThrowIfNullOrWhiteSpace(webhookVerifyTokenProtected);
        var connection = new Connection
        {
            Id = Guid.CreateVersion7(now),
            Provider = provider,
            AccessTokenProtected = accessTokenProtected,
            AppSecretProtected = appSecretProtected,
            WebhookVerifyTokenProtected = webhookVerifyTokenProtected,
            Status = ConnectionStatus.Active,
            CreatedAt = now,
        };
        connection.Update(name, phoneNumberId, wabaId, displayNumber, sendRateLimitPerSecond, now);
        return connection;
    }

    public static string NormalizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant();
    }

    public void Update(string name, string phoneNumberId, string? wabaId, string displayNumber, int sendRateLimitPerSecond, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneNumberId);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayNumber);
        ArgumentOutOfRangeException.ThrowIfLessThan(sendRateLimitPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sendRateLimitPerSecond, MaxSendRateLimitPerSecond);
        Name = name.Trim();
        NormalizedName = NormalizeName(name);
        PhoneNumberId = phoneNumberId.Trim();
        WabaId = string.IsNullOrWhiteSpace(wabaId) ? null : wabaId.Trim();
        DisplayNumber = displayNumber;
        SendRateLimitPerSecond = sendRateLimitPerSecond;
        UpdatedAt = now;
    }

    /// <summary>Replaces the access token; a new token clears an <see cref="ConnectionStatus.InvalidCredentials"/> status.</summary>
    public void ReplaceAccessToken(string accessTokenProtected, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessTokenProtected);
        AccessTokenProtected = accessTokenProtected;
        if (Status == ConnectionStatus.InvalidCredentials)
        {
            Status = ConnectionStatus.Active;
            StatusReason = null;
        }

        UpdatedAt = now;
    }

    /// <summary>Sets (or clears) the Meta app the number belongs to.</summary>
    public void AssignMetaApp(string? metaAppId, DateTimeOffset now)
    {
        var value = string.IsNullOrWhiteSpace(metaAppId) ? null : metaAppId.Trim();
        if (value == MetaAppId)
        {
            return;
        }

        MetaAppId = value;
        UpdatedAt = now;
    }

    /// <summary>
    /// A quality or messaging-limit update WhatsApp reported at <paramref name="at"/>; ignored when a later one is
    /// already recorded (deliveries are unordered). True when it applied.
    /// </summary>
    public bool RecordQualityUpdate(string? qualityEvent, string? messagingLimit, DateTimeOffset at, DateTimeOffset now)
    {
        if (QualityUpdatedAt is { } current && at < current)
        {
            return false;
        }

        QualityEvent = qualityEvent ?? QualityEvent;
        MessagingLimit = messagingLimit ?? MessagingLimit;
        QualityUpdatedAt = at;
        UpdatedAt = now;
        return true;
    }

    public void ReplaceAppSecret(string appSecretProtected, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appSecretProtected);
        AppSecretProtected = appSecretProtected;
        UpdatedAt = now;
    }

    /// <summary>Re-encrypts the stored secrets (data-key rotation); the plaintext does not change.</summary>
    public void ReprotectSecrets(string accessTokenProtected, string appSecretProtected, string webhookVerifyTokenProtected)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessTokenProtected);
        ArgumentException.ThrowIfNullOrWhiteSpace(appSecretProtected);
        ArgumentException.ThrowIfNullOrWhiteSpace(webhookVerifyTokenProtected);
        AccessTokenProtected = accessTokenProtected;
        AppSecretProtected = appSecretProtected;
        WebhookVerifyTokenProtected = webhookVerifyTokenProtected;
    }

    /// <summary>WhatsApp refused the token (Graph error 190 or a failed check): nothing is sent until it is replaced.</summary>
    public void MarkInvalidCredentials(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        reason = TextLimit.Cut(reason, MaxStatusReasonLength);
        if (Status == ConnectionStatus.Disabled)
        {
            StatusReason = reason;
            UpdatedAt = now;
            return;
        }

        Status = ConnectionStatus.InvalidCredentials;
        StatusReason = reason;
        UpdatedAt = now;
    }

    /// <summary>A credentials check passed.</summary>
    public void RecordCredentialsCheck(bool valid, string? reason, DateTimeOffset now)
    {
        CredentialsCheckedAt = now;
        if (valid)
        {
            if (Status == ConnectionStatus.InvalidCredentials)
            {
                Status = ConnectionStatus.Active;
            }

            StatusReason = null;
            UpdatedAt = now;
        }
        else
        {
            MarkInvalidCredentials(reason ?? "credentials_check_failed", now);
        }
    }

    public void Disable(DateTimeOffset now)
    {
        Status = ConnectionStatus.Disabled;
        UpdatedAt = now;
    }

    public void Enable(DateTimeOffset now)
    {
        if (Status == ConnectionStatus.Disabled)
        {
            Status = ConnectionStatus.Active;
            StatusReason = null;
        }

        UpdatedAt = now;
    }

    /// <summary>Links a queue; false when it was already linked.</summary>
    public bool LinkQueue(Guid queueId, DateTimeOffset now)
    {
        if (_queues.Any(q => q.QueueId == queueId))
        {
            return false;
        }

        _queues.Add(new ConnectionQueue(Id, queueId, now));
        UpdatedAt = now;
        return true;
    }

    /// <summary>Unlinks a queue; false when it was not linked.</summary>
    public bool UnlinkQueue(Guid queueId, DateTimeOffset now)
    {
        var removed = _queues.RemoveAll(q => q.QueueId == queueId) > 0;
        if (removed)
        {
            UpdatedAt = now;
        }

        return removed;
    }

    /// <summary>Soft delete: the row stays for the conversations that reference it; its queue links go.</summary>
    public void Delete(DateTimeOffset now)
    {
        DeletedAt ??= now;
        _queues.Clear();
        UpdatedAt = now;
    }
}

/// <summary>A queue linked to a connection: conversations on the number go to it.</summary>
public sealed class ConnectionQueue
{
    internal ConnectionQueue(Guid connectionId, Guid queueId, DateTimeOffset linkedAt)
    {
        ConnectionId = connectionId;
        QueueId = queueId;
        LinkedAt = linkedAt;
    }

    public Guid ConnectionId { get; private set; }

    public Guid QueueId { get; private set; }

    public DateTimeOffset LinkedAt { get; private set; }
}
