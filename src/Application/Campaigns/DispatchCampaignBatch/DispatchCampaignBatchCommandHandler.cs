using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Behaviors;
using WhatsSuite.Application.Common.Exceptions;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Templates;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Templates;

namespace WhatsSuite.Application.Campaigns.DispatchCampaignBatch;

internal sealed class DispatchCampaignBatchCommandHandler(
    IApplicationDbContext db,
    ICampaignRecipientClaims claims,
    AuditScope auditScope,
    AfterCommit afterCommit,
    IBackgroundWorkSignal signal,
    TimeProvider clock) : ICommandHandler<DispatchCampaignBatchCommand, Result<CampaignBatchResult>>
{
    /// <summary>The daily cap's window.</summary>
    public static readonly TimeSpan CapWindow = TimeSpan.FromHours(24);

    public async ValueTask<Result<CampaignBatchResult>> Handle(DispatchCampaignBatchCommand command, CancellationToken cancellationToken)
    {
        // Read first: the daily cap counted below is then at least as new as this version, and the batch's save bumps it,
        // so a batch counted before another committed cannot commit (CapWindow, Campaign.RecordDispatch).
        var campaign = await db.Campaigns.Include(c => c.Connections).SingleOrDefaultAsync(c => c.Id == command.CampaignId, cancellationToken);
        if (campaign is null)
        {
            return CampaignErrors.NotFound(command.CampaignId);
        }

        if (campaign.Status != CampaignStatus.Running)
        {
            return Outcome(CampaignBatchOutcome.NotRunning);
        }

        var now = clock.GetUtcNow();
        if (campaign.IsStopReached(now))
        {
            campaign.MoveTo(CampaignStatus.Completed, DispatchCampaignBatchCommand.StopReachedReason, now);
            return await SaveMoveAsync(CampaignBatchOutcome.Completed, cancellationToken);
        }

        if (!campaign.IsWithinAllowedHours(now))
        {
            return Outcome(CampaignBatchOutcome.OutsideAllowedHours);
        }

        var nextBatchAt = campaign.NextBatchAt(now);
        if (nextBatchAt > now)
        {
            return new CampaignBatchResult(CampaignBatchOutcome.Paced, 0, 0, 0, nextBatchAt);
        }

        var connectionIds = campaign.Connections.Select(c => c.ConnectionId).ToList();
        var connections = await db.Connections.AsNoTracking().Where(c => connectionIds.Contains(c.Id) && c.DeletedAt == null).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        if (connections.FirstOrDefault(c => c.Status == ConnectionStatus.InvalidCredentials) is { } refused)
        {
            campaign.MoveTo(CampaignStatus.Paused, $"credentials_rejected: WhatsApp refused the access token of connection {refused.Id}; replace it and resume", now);
            return await SaveMoveAsync(CampaignBatchOutcome.Paused, cancellationToken);
        }

        var usable = connections.Where(c => c.Status == ConnectionStatus.Active).ToList();
        if (usable.Count == 0)
        {
            return Outcome(CampaignBatchOutcome.NoConnection);
        }

        var templates = await db.MessageTemplates.AsNoTracking()
            .Where(t => connectionIds.Contains(t.ConnectionId) && t.Name == campaign.TemplateName && t.Language == campaign.TemplateLanguage)
            .ToDictionaryAsync(t => t.ConnectionId, cancellationToken);
        if (usable.FirstOrDefault(c => !templates.TryGetValue(c.Id, out var t) || !t.IsApproved) is { } without)
        {
            var status = templates.TryGetValue(without.Id, out var found) ? found.Status : "missing";
            campaign.MoveTo(CampaignStatus.Paused, $"template_not_approved: the template is {status} on connection {without.Id}", now);
            return await SaveMoveAsync(CampaignBatchOutcome.Paused, cancellationToken);
        }

        // One second of the pace per connection: the campaign's messages per second, else the connection's send rate (the
        // outbox's shared limiter holds each connection to that rate whatever else it sends).
        // A batch that came late (its predecessor took more than a second to write) takes the seconds it missed, up to one.
        var pace = (int)Math.Round((campaign.MessagesPerSecond ?? usable.Min(c => c.SendRateLimitPerSecond)) * campaign.BatchSeconds(now));
        var capacity = await CapacityAsync(campaign, usable, pace, now, cancellationToken);
        var limit = (int)Math.Min(command.Limit, capacity.Values.Sum(v => (long)v));
        if (limit == 0)
        {
            return Outcome(CampaignBatchOutcome.DailyCapReached);
        }

        var ids = await claims.ClaimAsync(campaign.Id, now, limit, cancellationToken);
        if (ids.Count == 0)
        {
            if (await db.CampaignRecipients.AnyAsync(r => r.CampaignId == campaign.Id && (r.Status == CampaignRecipientStatus.Pending || r.Status == CampaignRecipientStatus.Sending), cancellationToken))
            {
                return Outcome(CampaignBatchOutcome.Idle);
            }

            campaign.MoveTo(CampaignStatus.Completed, null, now);
            return await SaveMoveAsync(CampaignBatchOutcome.Completed, cancellationToken);
        }

        var (dispatched, skipped, failed) = await DispatchAsync(campaign, ids, usable, templates, capacity, now, cancellationToken);
        campaign.RecordDispatch(now);
        auditScope.SetNote($"dispatched {dispatched}, skipped {skipped}, failed {failed}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DbUpdateConcurrencyException or UniqueConstraintViolationException)
        {
            // Another batch of the campaign (another dispatcher), a user's move, or a conversation or contact made at the
            // same moment won: this batch rolls back with its claim, and the rows are taken again by the next one.
            return CampaignErrors.Changed;
        }

        if (dispatched > 0)
        {
            afterCommit.Add(() => signal.Notify(BackgroundWork.Outbox));
        }

        return new CampaignBatchResult(CampaignBatchOutcome.Dispatched, dispatched, skipped, failed);
    }

    /// <summary>How many recipients each connection may take in this batch: one second of the pace, and no more than its daily cap less what it took in the last 24 hours.</summary>
    private async Task<Dictionary<Guid, int>> CapacityAsync(Campaign campaign, List<Connection> usable, int pace, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (campaign.DailyCap is not { } cap)
        {
            return usable.ToDictionary(c => c.Id, _ => pace);
        }

        var since = now - CapWindow;
        var used = await db.CampaignRecipients
            .Where(r => r.CampaignId == campaign.Id && r.ConnectionId != null && r.DispatchedAt > since)
            .GroupBy(r => r.ConnectionId!.Value)
            .Select(g => new { ConnectionId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.ConnectionId, g => g.Count, cancellationToken);
        return usable.ToDictionary(c => c.Id, c => Math.Min(pace, Math.Max(0, cap - used.GetValueOrDefault(c.Id))));
    }

    private async Task<(int Dispatched, int Skipped, int Failed)> DispatchAsync(
        Campaign campaign,
        IReadOnlyList<Guid> ids,
        List<Connection> usable,
        Dictionary<Guid, MessageTemplate> templates,
        Dictionary<Guid, int> capacity,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var rows = await db.CampaignRecipients.Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var phones = rows.Select(r => r.Phone!).ToList();
        // The null guard keeps the SQL a plain "wa_id = ANY(...)" that the number's index answers (see NullGuardedContainsTests).
        var contacts = await db.Contacts.Where(c => c.WaId != null && phones.Contains(c.WaId)).ToDictionaryAsync(c => c.WaId!, StringComparer.Ordinal, cancellationToken);
        var mapping = CampaignVariables.Mapping(campaign.Variables);
        var slots = templates.ToDictionary(p => p.Key, p => TemplateDefinition.Slots(p.Value.Components));
        var marketing = templates.Values.Any(t => t.Category == MessageTemplateCategory.Marketing);
        var turn = 0;
        int skipped = 0, failed = 0;
        var optional = slots.Values.SelectMany(TemplateComponents.OptionalKeys).ToHashSet(StringComparer.Ordinal);
        var sends = new List<(CampaignRecipient Row, Guid ConnectionId, Contact Contact, string Content)>();
        foreach (var row in rows)
        {
            contacts.TryGetValue(row.Phone!, out var contact);

            // The audience was resolved when it was set: a customer who opted out since is not messaged.
            if (contact is { OptedOut: true } || (marketing && contact is { MarketingOptedOut: true }))
            {
                row.SkipAtSend(contact.OptedOut ? CampaignSkipReasons.OptedOut : CampaignSkipReasons.MarketingOptedOut, now);
                skipped++;
                continue;
            }

            var values = CampaignVariables.Render(mapping, row.Fields);
            if (values.FirstOrDefault(v => string.IsNullOrWhiteSpace(v.Value) && !optional.Contains(v.Key)) is { Key: { } empty })
            {
                row.FailBeforeSend(CampaignErrors.VariableEmptyCode, $"The recipient has no value for {empty} ({mapping[empty]}).", now);
                failed++;
                continue;
            }

            // Round robin over the connections with room left under their daily cap (the claim took no more rows than that).
            var connection = usable[turn++ % usable.Count];
            while (capacity[connection.Id] == 0)
            {
                connection = usable[turn++ % usable.Count];
            }

            // A value that does not fit its slot (a column holding no https link for a media header, a coupon code too
            // long) fails this recipient before anything is queued, as an empty one does.
            var (content, problems) = CampaignVariables.TemplateContent(campaign.TemplateName, campaign.TemplateLanguage, slots[connection.Id], values);
            if (problems.Count > 0)
            {
                row.FailBeforeSend(CampaignErrors.VariableInvalidCode, $"The recipient's values do not fit the template: {string.Join("; ", problems)}.", now);
                failed++;
                continue;
            }

            capacity[connection.Id]--;
            if (contact is null)
            {
                contact = Contact.Create(row.Phone!, null, now);
                db.Contacts.Add(contact);
                contacts[row.Phone!] = contact;
            }

            sends.Add((row, connection.Id, contact, content));
        }

        var contactIds = sends.Select(s => s.Contact.Id).Distinct().ToList();
        var usableIds = usable.Select(c => c.Id).ToList();
        var conversations = await db.Conversations
            .Where(c => usableIds.Contains(c.ConnectionId) && contactIds.Contains(c.ContactId))
            .ToDictionaryAsync(c => (c.ConnectionId, c.ContactId), cancellationToken);
        var text = $"[template] {campaign.TemplateName}";
        foreach (var (row, connectionId, contact, content) in sends)
        {
            if (!conversations.TryGetValue((connectionId, contact.Id), out var conversation))
            {
                // Nobody talked to the customer on this number yet: the conversation waits closed in the campaign's queue,
                // and the customer's reply opens it there.
                conversation = Conversation.StartClosed(connectionId, contact.Id, campaign.QueueId, now);
                db.Conversations.Add(conversation);
                conversations[(connectionId, contact.Id)] = conversation;
            }

            var message = Message.Outbound(conversation.Id, connectionId, MessageTypes.Template, text, content, null, now);
            db.Messages.Add(message);
            conversation.RecordOutbound(now, text, now);
            row.MarkSending(connectionId, message.Id, now);
        }

        return (sends.Count, skipped, failed);
    }

    private async Task<Result<CampaignBatchResult>> SaveMoveAsync(CampaignBatchOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CampaignErrors.Changed;
        }

        auditScope.SetNote(outcome.ToString().ToLowerInvariant());
        return Outcome(outcome);
    }

    private static CampaignBatchResult Outcome(CampaignBatchOutcome outcome) => new(outcome, 0, 0, 0);
}
