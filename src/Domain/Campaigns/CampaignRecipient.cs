using System.Text.Json.Serialization;

namespace WhatsSuite.Domain.Campaigns;

/// <summary>
/// One line of a campaign's recipient ledger: a phone number the campaign sends to once, with the values its
/// template variables are filled from, or an audience entry that is skipped (opted out, not a phone number, a
/// number already in the ledger) and kept with its reason so the supervisor sees why. A phone number appears at most
/// once per campaign (<see cref="Phone"/> is unique per campaign; skipped invalid and duplicate entries keep the
/// input in <see cref="Input"/> and no <see cref="Phone"/>).
/// </summary>
public sealed class CampaignRecipient
{
    public const int MaxInputLength = 64;
    public const int MaxErrorCodeLength = 32;
    public const int MaxErrorTitleLength = 500;

    private CampaignRecipient()
    {
        Input = string.Empty;
        Fields = "{}";
    }

    public Guid Id { get; private set; }

    public Guid CampaignId { get; private set; }

    /// <summary>The recipient's number as E.164 digits; null for a skipped invalid or duplicate entry.</summary>
    public string? Phone { get; private set; }

    /// <summary>The audience entry as given (a number of the list, a line of the file, or the contact's number).</summary>
    public string Input { get; private set; }

    /// <summary>Where the entry came from: its 1-based position in the list or line in the file; null for a contact of the filter.</summary>
    public int? Line { get; private set; }

    /// <summary>The contact the number belongs to, when known.</summary>
    public Guid? ContactId { get; private set; }

    /// <summary>
    /// The recipient's values by variable source, as JSON (<c>{"contact.name":"Ana","contact.phone":"+5411...","column:plan":"Oro"}</c>):
    /// the campaign's variable mapping picks from them when the message is rendered, so editing the mapping of a draft
    /// needs no new audience.
    /// </summary>
    public string Fields { get; private set; }

    public CampaignRecipientStatus Status { get; private set; }

    /// <summary>Why a skipped entry is skipped (<see cref="CampaignSkipReasons"/>).</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The Cloud API's error code of a failed send.</summary>
    public string? ErrorCode { get; private set; }

    public string? ErrorTitle { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the row is next due for the dispatcher (its lease column while claimed).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>The connection the recipient's message goes out on, chosen when it is handed to the outbox.</summary>
    public Guid? ConnectionId { get; private set; }

    /// <summary>The outbound message (the outbox entry) created for the recipient; its send result and statuses update this row.</summary>
    public Guid? MessageId { get; private set; }

    /// <summary>When the message was handed to the outbox: the moment that counts against the daily cap.</summary>
    public DateTimeOffset? DispatchedAt { get; private set; }

    /// <summary>When WhatsApp accepted the campaign's message to this recipient (the progress rate counts these).</summary>
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>When the recipient first replied to the campaign's message (within the reply window).</summary>
    public DateTimeOffset? RepliedAt { get; private set; }

    /// <summary>Whether the campaign's message reached this recipient (sent, delivered or read).</summary>
    public static bool Reached(CampaignRecipientStatus status) =>
        status is CampaignRecipientStatus.Sent or CampaignRecipientStatus.Delivered or CampaignRecipientStatus.Read;

    /// <summary>Records the recipient's first reply; false (and no change) when one is already recorded or the message never reached them.</summary>
    public bool RecordReply(DateTimeOffset now)
    {
        if (RepliedAt is not null || !Reached(Status))
        {
            return false;
        }

        RepliedAt = now;
        UpdatedAt = now;
        return true;
    }


    /// <summary>
    /// The recipient's message was created in the outbox, in the same transaction as this move: pending → sending. False
    /// (and no change) for a row that is no longer pending.
    /// </summary>
    public bool MarkSending(Guid connectionId, Guid messageId, DateTimeOffset now)
    {
        if (Status != CampaignRecipientStatus.Pending)
        {
            return false;
        }

        Status = CampaignRecipientStatus.Sending;
        ConnectionId = connectionId;
        MessageId = messageId;
        DispatchedAt = now;
        UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// The recipient's message was refused before reaching WhatsApp for a reason of the sender's (its token): the row is
    /// pending again, on no connection and counted against no daily cap. False (and no change) unless it was sending.
    /// </summary>
    public bool ReturnToPending(DateTimeOffset now)
    {
        if (Status != CampaignRecipientStatus.Sending)
        {
            return false;
        }

        Status = CampaignRecipientStatus.Pending;
        ConnectionId = null;
        MessageId = null;
        DispatchedAt = null;
        NextAttemptAt = now;
        UpdatedAt = now;
        return true;
    }

    /// <summary>A pending recipient found, when its turn came, not to be sent to (opted out since the audience was set).</summary>
    public bool SkipAtSend(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Status != CampaignRecipientStatus.Pending)
        {
            return false;
        }

        Status = CampaignRecipientStatus.Skipped;
        SkipReason = reason;
        UpdatedAt = now;
        return true;
    }

    /// <summary>A pending recipient whose message cannot be made (a variable without a value): failed, never sent.</summary>
    public bool FailBeforeSend(string code, string title, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        if (Status != CampaignRecipientStatus.Pending)
        {
            return false;
        }

        Status = CampaignRecipientStatus.Failed;
        ErrorCode = code.Length <= MaxErrorCodeLength ? code : code[..MaxErrorCodeLength];
        ErrorTitle = title.Length <= MaxErrorTitleLength ? title : title[..MaxErrorTitleLength];
        UpdatedAt = now;
        return true;
    }

    /// <summary>A recipient the campaign will send to.</summary>
    public static CampaignRecipient Pending(Guid campaignId, string phone, string input, int? line, Guid? contactId, string fields, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        ArgumentException.ThrowIfNullOrWhiteSpace(fields);
        var recipient = New(campaignId, input, line, contactId, now);
        recipient.Phone = phone;
        recipient.Fields = fields;
        recipient.Status = CampaignRecipientStatus.Pending;
        return recipient;
    }

    /// <summary>
    /// An audience entry the campaign does not send to. An opted-out entry keeps its number (no other entry of the
    /// campaign may send to it); an invalid or duplicate one keeps only its input.
    /// </summary>
    public static CampaignRecipient Skipped(Guid campaignId, string? phone, string input, int? line, Guid? contactId, string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (phone is not null && reason is CampaignSkipReasons.InvalidNumber or CampaignSkipReasons.Duplicate)
        {
            throw new ArgumentException("An invalid or duplicate entry has no number of its own.", nameof(phone));
        }

        var recipient = New(campaignId, input, line, contactId, now);
        recipient.Phone = phone;
        recipient.Status = CampaignRecipientStatus.Skipped;
        recipient.SkipReason = reason;
        return recipient;
    }

    private static CampaignRecipient New(Guid campaignId, string input, int? line, Guid? contactId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        CampaignId = campaignId,
        Input = input.Length <= MaxInputLength ? input : input[..MaxInputLength],
        Line = line,
        ContactId = contactId,
        CreatedAt = now,
        UpdatedAt = now,
        NextAttemptAt = now,
    };
}

/// <summary>Why an audience entry is not sent to.</summary>
public static class CampaignSkipReasons
{
    /// <summary>The contact opted out of business-initiated messages.</summary>
    public const string OptedOut = "opted_out";

    /// <summary>The contact stopped marketing messages in WhatsApp, and the template is a MARKETING one.</summary>
    public const string MarketingOptedOut = "marketing_opted_out";

    /// <summary>Not a phone number (E.164, 8 to 15 digits).</summary>
    public const string InvalidNumber = "invalid_number";

    /// <summary>The number is already in the campaign's ledger.</summary>
    public const string Duplicate = "duplicate";

    public static readonly IReadOnlyList<string> All = [OptedOut, MarketingOptedOut, InvalidNumber, Duplicate];
}

/// <summary>Where a recipient is: waiting, being sent, accepted by WhatsApp and then delivered and read, failed, or skipped.</summary>
public enum CampaignRecipientStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending = 0,

    [JsonStringEnumMemberName("sending")]
    Sending = 1,

    [JsonStringEnumMemberName("sent")]
    Sent = 2,

    [JsonStringEnumMemberName("delivered")]
    Delivered = 3,

    [JsonStringEnumMemberName("read")]
    Read = 4,

    [JsonStringEnumMemberName("failed")]
    Failed = 5,

    [JsonStringEnumMemberName("skipped")]
    Skipped = 6,
}
