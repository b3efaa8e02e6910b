using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Exports;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Infrastructure.Jobs;

namespace WhatsSuite.Api.IntegrationTests.Exports;

/// <summary>
/// Filtered conversation exports above <c>CONVERSATION_EXPORT_SYNC_MAX</c> (ADR 0042): the 202 and the export's status,
/// the job's file against the streamed export of the same filters, who may see and download it, the requester's
/// visibility read again when the job runs, the pending limit, expiry, and bad input.
/// </summary>
public sealed partial class ConversationExportFileTests(ConversationExportFileFixture fixture) : IClassFixture<ConversationExportFileFixture>
{
    private ConversationSeeder Seeder { get; } = new(fixture.App, fixture.AdminToken);

    /// <summary>
    /// A queue with three conversations of one contact (on three connections), each with a few messages; a supervisor of
    /// the queue and of a second queue holding one more conversation of the contact.
    /// </summary>
    private async Task<(Guid Queue, Guid OtherQueue, string Phone, Guid[] Conversations, Guid Elsewhere, SignedInUser Supervisor)> SeedAsync()
    {
        var queue = await Seeder.QueueAsync();
        var otherQueue = await Seeder.QueueAsync();
        var supervisor = await Seeder.UserAsync("SUPERVISOR", queue, otherQueue);
        var phone = ConversationSeeder.RandomNumber();
        var contact = await Seeder.ContactAsync(phone, "Ana <b>\"=1+1\"</b>");
        var conversations = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            conversations.Add(await Seeder.ConversationAsync(await Seeder.ConnectionAsync([queue]), queue, i == 1 ? ConversationStatus.CLOSED : ConversationStatus.UNASSIGNED, contactId: contact));
        }

        var elsewhereConnection = await Seeder.ConnectionAsync([otherQueue]);
        var elsewhere = await Seeder.ConversationAsync(elsewhereConnection, otherQueue, contactId: contact);
        await fixture.App.QueryAsync(async db =>
        {
            var start = new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);
            foreach (var (id, index) in conversations.Append(elsewhere).Select((id, index) => (id, index)))
            {
                var connection = await db.Conversations.Where(c => c.Id == id).Select(c => c.ConnectionId).SingleAsync();
                for (var m = 0; m < 4; m++)
                {
                    var at = start.AddMinutes((index * 10) + m);
                    db.Messages.Add(Message.Inbound(id, connection, $"wamid.{Guid.NewGuid():N}", MessageTypes.Text, $"message {m} of {index}, \"quoted\"", "{}", null, null, at, at));
                }
            }

            return await db.SaveChangesAsync();
        });
        return (queue, otherQueue, phone, conversations.ToArray(), elsewhere, supervisor);
    }

    private static async Task<Guid> AcceptedAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/v1/conversations/export?{query}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/exports/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    private static async Task<JsonElement> CompletedAsync(HttpClient client, Guid id)
    {
        var status = default(JsonElement);
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await client.GetAsync($"/api/v1/exports/{id}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                status = await response.ReadJsonAsync();
                return status.GetProperty("status").GetString() is "completed" or "failed";
            },
            $"export {id} finished");
        Assert.Equal("completed", status.GetProperty("status").GetString());
        return status;
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/v1/exports/{id}/file");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".gz", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static byte[] Gunzip(byte[] file)
    {
        using var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    private async Task<byte[]> StreamedAsync(string token, string query)
    {
        using var client = fixture.StreamingApp.CreateClient().WithBearer(token);
        using var response = await client.GetAsync($"/api/v1/conversations/export?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task ExportSet_AboveTheLimit_AJobWritesTheStreamedExportGzippedAndChecksummed()
    {
        var set = await SeedAsync();
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        foreach (var format in new[] { "csv", "json", "html" })
        {
            var query = $"queueId={set.Queue}&phone=%2B{set.Phone}&from=2026-04-01&to=2026-04-01&tz=America/Argentina/Buenos_Aires&format={format}";
            var id = await AcceptedAsync(admin, query);
            var status = await CompletedAsync(admin, id);
            Assert.Equal(3, status.GetProperty("matchedConversations").GetInt32());
            Assert.Equal(3, status.GetProperty("conversations").GetInt32());
            Assert.Equal(12, status.GetProperty("messages").GetInt32());
            Assert.Equal(format, status.GetProperty("format").GetString());
            Assert.Equal(set.Queue, status.GetProperty("filters").GetProperty("queueId").GetGuid());
            Assert.Equal($"/api/v1/exports/{id}/file", status.GetProperty("fileUrl").GetString());

            var file = await DownloadAsync(admin, id);
            Assert.Equal(status.GetProperty("bytes").GetInt64(), file.Length);
            Assert.Equal(status.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(file)));
            var streamed = await StreamedAsync(fixture.AdminToken, query);
            if (format == "html")
            {
                // The transcript's title names the file, stamped with the time each was asked.
                Assert.Equal(StampPattern().Replace(System.Text.Encoding.UTF8.GetString(streamed), "conversations-STAMP"), StampPattern().Replace(System.Text.Encoding.UTF8.GetString(Gunzip(file)), "conversations-STAMP"));
            }
            else
            {
                Assert.Equal(streamed, Gunzip(file));
            }
        }

        var audit = await fixture.Database.QueryAsync(db => db.AuditLogs
            .Where(a => a.Action == "RunConversationExport" && a.ActorId == "job:" + ConversationExportJob.Name && a.Outcome == AuditOutcome.Success)
            .Select(a => a.Reason)
            .ToListAsync());
        Assert.Contains(audit, r => r != null && r.StartsWith("completed: 3 conversations, 12 messages", StringComparison.Ordinal));
        Assert.True(await fixture.Database.QueryAsync(db => db.AuditLogs.AnyAsync(a => a.Action == "ExportConversations" && a.Reason!.Contains("queued as export"))));
        Assert.True(await fixture.Database.QueryAsync(db => db.AuditLogs.AnyAsync(a => a.Action == "DownloadConversationExport" && a.Outcome == AuditOutcome.Success)));
    }

    [Fact]
    public async Task ExportFiles_OnlyTheRequesterAndAdmin_SeeListAndDownloadThem()
    {
        var set = await SeedAsync();
        using var supervisor = fixture.App.CreateClient().WithBearer(set.Supervisor.Token);
        using var otherSupervisor = fixture.App.CreateClient().WithBearer((await Seeder.UserAsync("SUPERVISOR", set.Queue)).Token);
        using var agent = fixture.App.CreateClient().WithBearer((await Seeder.UserAsync("AGENTE", set.Queue)).Token);
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);

        var id = await AcceptedAsync(supervisor, $"queueId={set.Queue}&format=csv");
        await CompletedAsync(supervisor, id);
        var own = Gunzip(await DownloadAsync(supervisor, id));
        Assert.Equal(own, Gunzip(await DownloadAsync(admin, id)));

        await (await otherSupervisor.GetAsync($"/api/v1/exports/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "exports.not_found");
        await (await otherSupervisor.GetAsync($"/api/v1/exports/{id}/file")).AssertProblemAsync(HttpStatusCode.NotFound, "exports.not_found");
        await (await agent.GetAsync($"/api/v1/exports/{id}/file")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.GetAsync("/api/v1/exports")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var denied = await fixture.Database.QueryAsync(db => db.AuditLogs
            .Where(a => a.Action == "DownloadConversationExport" && a.TargetId == id.ToString() && a.Outcome == AuditOutcome.Denied)
            .OrderBy(a => a.Sequence)
            .Select(a => a.Reason)
            .ToListAsync());

        // The other supervisor refused by the export's visibility, the agent by role.
        Assert.Equal(["not_requester", "auth.forbidden"], denied);

        var mine = await (await supervisor.GetAsync("/api/v1/exports?pageSize=100")).ReadJsonAsync();
        Assert.Equal([id], mine.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        Assert.Empty((await (await otherSupervisor.GetAsync("/api/v1/exports")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        var all = await (await admin.GetAsync("/api/v1/exports?pageSize=100")).ReadJsonAsync();
        Assert.Contains(id, all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
        Assert.Equal(await fixture.Database.QueryAsync(db => db.ConversationExports.CountAsync()), all.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task RunExport_RequesterMovedOffAQueueDemotedOrDeactivated_ExportsOnlyWhatTheyStillSee()
    {
        var set = await SeedAsync();
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var query = $"phone={set.Phone}&format=csv";

        // Asked while a member of both queues, run after leaving one: only the queue they still have.
        var asked = await QueueAsync(set.Supervisor.Id, set.Phone);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/queues/{set.OtherQueue}/members/{set.Supervisor.Id}")).StatusCode);
        await RunJobAsync(asked);
        var export = await fixture.Database.QueryAsync(db => db.ConversationExports.SingleAsync(e => e.Id == asked));
        Assert.Equal(ConversationExportStatus.Completed, export.Status);
        Assert.Equal(3, export.Conversations);
        var csv = System.Text.Encoding.UTF8.GetString(Gunzip(await DownloadAsync(fixture.App.CreateClient().WithBearer(set.Supervisor.Token), asked)));
        Assert.DoesNotContain(set.Elsewhere.ToString(), csv, StringComparison.Ordinal);
        Assert.All(set.Conversations, c => Assert.Contains(c.ToString(), csv, StringComparison.Ordinal));
        Assert.Equal(await StreamedAsync(set.Supervisor.Token, query), Gunzip(await DownloadAsync(admin, asked)));

        // Demoted to AGENTE, then deactivated: no file, the reason recorded, audited as the job.
        var demoted = await QueueAsync(set.Supervisor.Id, set.Phone);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/users/{set.Supervisor.Id}", new { fullName = "Demoted", role = "AGENTE", isActive = true })).StatusCode);
        await RunJobAsync(demoted);
        var deactivated = await QueueAsync(set.Supervisor.Id, set.Phone);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/users/{set.Supervisor.Id}", new { fullName = "Gone", role = "SUPERVISOR", isActive = false })).StatusCode);
        await RunJobAsync(deactivated);

        var failed = await fixture.Database.QueryAsync(db => db.ConversationExports
            .Where(e => e.Id == demoted || e.Id == deactivated)
            .OrderBy(e => e.Id)
            .Select(e => new { e.Status, e.FailureReason, e.FileName })
            .ToListAsync());
        Assert.Equal(
            [(ConversationExportStatus.Failed, "requester_role", (string?)null), (ConversationExportStatus.Failed, "requester_inactive", (string?)null)],
            failed.Select(f => (f.Status, f.FailureReason, f.FileName)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(fixture.ArchiveDirectory, "exports"), $"{deactivated:N}*"));
        var audited = await fixture.Database.QueryAsync(db => db.AuditLogs
            .Where(a => a.Action == "RunConversationExport" && a.TargetId == deactivated.ToString())
            .Select(a => new { a.ActorKind, a.ActorId, a.Reason })
            .SingleAsync());
        Assert.Equal((ActorKind.System, "job:" + ConversationExportJob.Name, "failed: requester_inactive"), (audited.ActorKind, audited.ActorId, audited.Reason));
    }

    [Fact]
    public async Task Expiry_PastRetention_RemovesTheFileAndMarksTheExportExpired()
    {
        var set = await SeedAsync();
        using var supervisor = fixture.App.CreateClient().WithBearer(set.Supervisor.Token);
        var id = await AcceptedAsync(supervisor, $"queueId={set.Queue}&format=csv");
        var status = await CompletedAsync(supervisor, id);
        var expires = status.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires - status.GetProperty("finishedAt").GetDateTimeOffset(), TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        var fileName = await fixture.Database.QueryAsync(db => db.ConversationExports.Where(e => e.Id == id).Select(e => e.FileName).SingleAsync());

        await fixture.Database.QueryAsync(db => db.ConversationExports.Where(e => e.Id == id).ExecuteUpdateAsync(u => u.SetProperty(e => e.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ExpireConversationExportsJob>().RunAsync(CancellationToken.None);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IArchiveStore>().OpenReadAsync(fileName!, CancellationToken.None));
        }

        var export = await fixture.Database.QueryAsync(db => db.ConversationExports.SingleAsync(e => e.Id == id));
        Assert.Equal((ConversationExportStatus.Expired, (string?)null), (export.Status, export.FileName));
        Assert.Equal("expired", (await (await supervisor.GetAsync($"/api/v1/exports/{id}")).ReadJsonAsync()).GetProperty("status").GetString());
        await (await supervisor.GetAsync($"/api/v1/exports/{id}/file")).AssertProblemAsync(HttpStatusCode.Conflict, "exports.not_ready");
        Assert.True(await fixture.Database.QueryAsync(db => db.AuditLogs.AnyAsync(a =>
            a.Action == "ExpireConversationExports" && a.ActorId == "job:" + ExpireConversationExportsJob.Name && a.TargetId == id.ToString() && a.Outcome == AuditOutcome.Success)));
    }

    [Fact]
    public async Task Download_FileChangedInTheStore_BreaksOffInsteadOfCompleting()
    {
        var set = await SeedAsync();
        using var supervisor = fixture.App.CreateClient().WithBearer(set.Supervisor.Token);
        var id = await AcceptedAsync(supervisor, $"queueId={set.Queue}&format=csv");
        await CompletedAsync(supervisor, id);
        var fileName = await fixture.Database.QueryAsync(db => db.ConversationExports.Where(e => e.Id == id).Select(e => e.FileName).SingleAsync());
        var path = Path.Combine(fixture.ArchiveDirectory, fileName!);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await supervisor.GetAsync($"/api/v1/exports/{id}/file");
            await response.Content.ReadAsByteArrayAsync();
        });
    }

    [Fact]
    public async Task ExportSet_PendingLimitReached_AnswersTooManyRequestsAndQueuesNothing()
    {
        var set = await SeedAsync();
        using var supervisor = fixture.App.CreateClient().WithBearer(set.Supervisor.Token);
        for (var i = 0; i < 3; i++)
        {
            await QueueAsync(set.Supervisor.Id, set.Phone);
        }

        await (await supervisor.GetAsync($"/api/v1/conversations/export?queueId={set.Queue}")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "exports.too_many_pending");
        Assert.Equal(3, await fixture.Database.QueryAsync(db => db.ConversationExports.CountAsync(e => e.RequestedBy == set.Supervisor.Id)));

        // Below the limit the set is still answered in the request.
        using var narrow = await supervisor.GetAsync($"/api/v1/conversations/export?queueId={set.Queue}&status=CLOSED&format=csv");
        Assert.Equal(HttpStatusCode.OK, narrow.StatusCode);
    }

    [Fact]
    public async Task Exports_BadInput_AnswersProblemDetails()
    {
        using var admin = fixture.App.CreateClient().WithBearer(fixture.AdminToken);
        var unknown = Guid.NewGuid();
        await (await admin.GetAsync($"/api/v1/exports/{unknown}")).AssertProblemAsync(HttpStatusCode.NotFound, "exports.not_found");
        await (await admin.GetAsync($"/api/v1/exports/{unknown}/file")).AssertProblemAsync(HttpStatusCode.NotFound, "exports.not_found");
        await (await admin.GetAsync("/api/v1/exports?page=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await admin.GetAsync("/api/v1/exports?pageSize=100000")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await admin.GetAsync("/api/v1/conversations/export?format=pdf")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        // A queued export has no file yet.
        var queued = await QueueAsync((await fixture.Database.QueryAsync(db => db.Users.Where(u => u.Email == WhatsSuiteApp.AdminEmail).Select(u => u.Id).SingleAsync())), "0");
        await (await admin.GetAsync($"/api/v1/exports/{queued}/file")).AssertProblemAsync(HttpStatusCode.Conflict, "exports.not_ready");
    }

    /// <summary>An export row as the request records it, without its job (the test runs the job when it chooses).</summary>
    private Task<Guid> QueueAsync(Guid requester, string phone) =>
        fixture.App.QueryAsync(async db =>
        {
            var export = ConversationExportFile.Queue(requester, "csv", phone, null, null, null, null, null, "http://localhost", 3, DateTimeOffset.UtcNow);
            db.ConversationExports.Add(export);
            await db.SaveChangesAsync();
            return export.Id;
        });

    private async Task RunJobAsync(Guid exportId)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConversationExportJob>().RunAsync(exportId, CancellationToken.None);
    }

    [System.Text.RegularExpressions.GeneratedRegex("conversations-[0-9]{8}-[0-9]{6}")]
    private static partial System.Text.RegularExpressions.Regex StampPattern();
}
