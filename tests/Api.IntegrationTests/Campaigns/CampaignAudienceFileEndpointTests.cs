using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Api.IntegrationTests.Campaigns;

/// <summary>
/// The audience file upload over HTTP: multipart in, the preview storing nothing, the upload replacing the ledger,
/// and the edge cases of the request itself (not multipart, no file part, too large) as problem answers.
/// </summary>
public sealed class CampaignAudienceFileEndpointTests(CampaignsFixture fixture) : IClassFixture<CampaignsFixture>
{
    private HttpClient Admin() => fixture.App.CreateClient().WithBearer(fixture.AdminToken);

    private async Task<Guid> DraftAsync()
    {
        var connection = await fixture.App.SeedConnectionAsync(ConnectionProvider.CloudApi);
        var name = $"promo_{Guid.NewGuid():N}"[..20];
        await fixture.App.SeedTemplateAsync(connection, name, "es", bodyVariables: 1);
        using var admin = Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Hot Sale",
            connectionIds = new[] { connection },
            template = new { name, language = "es", variables = new Dictionary<string, string> { ["body.1"] = "column:nombre" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    private static MultipartFormDataContent File(byte[] content, string part = "file")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, part, "audience.csv" } };
    }

    private Task<int> LedgerCountAsync(Guid campaign) =>
        fixture.Database.QueryAsync(db => db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign));

    [Fact]
    public async Task UploadAudience_PreviewThenUpload_CountsFirstAndStoresSecond()
    {
        var campaign = await DraftAsync();
        var csv = Encoding.UTF8.GetBytes("Phone,Nombre\n+54 9 11 5555-0001,Ana\n5491155550002,Bob\nnope,Carla\n5491155550001,Ana again\n");
        using var admin = Admin();

        var preview = await admin.PostAsync($"/api/v1/campaigns/{campaign}/audience/file?preview=true", File(csv));

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var counted = await preview.ReadJsonAsync();
        Assert.Equal((false, 4, 2, 2), (counted.GetProperty("stored").GetBoolean(), counted.GetProperty("rows").GetInt32(), counted.GetProperty("recipients").GetInt32(), counted.GetProperty("skipped").GetInt32()));
        Assert.Equal(0, await LedgerCountAsync(campaign));

        var upload = await admin.PostAsync($"/api/v1/campaigns/{campaign}/audience/file", File(csv));

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var stored = await upload.ReadJsonAsync();
        Assert.True(stored.GetProperty("stored").GetBoolean());
        Assert.Equal("Ana", stored.GetProperty("preview")[0].GetProperty("variables").GetProperty("body.1").GetString());
        Assert.Equal(
            [(4, "invalid_number"), (5, "duplicate")],
            stored.GetProperty("issues").EnumerateArray().Select(i => (i.GetProperty("line").GetInt32(), i.GetProperty("reason").GetString())).ToList());
        Assert.Equal(4, await LedgerCountAsync(campaign));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_logs WHERE action = 'ImportCampaignAudience' AND target_id = @id AND outcome = 'Success'", ("id", campaign.ToString())));
    }

    [Fact]
    public async Task UploadAudience_BadRequests_AnswerProblemsAndChangeNothing()
    {
        var campaign = await DraftAsync();
        using var admin = Admin();

        var json = await admin.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/audience/file", new { file = "phone\n5491155550001" });
        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var noPart = await admin.PostAsync($"/api/v1/campaigns/{campaign}/audience/file", File("phone\n5491155550001\n"u8.ToArray(), part: "other"));
        await noPart.AssertProblemAsync(HttpStatusCode.BadRequest);

        var big = new StringBuilder("phone,nombre\n");
        while (big.Length <= CampaignsFixture.MaxFileBytes)
        {
            big.Append("5491155550001,Ana\n");
        }

        var tooLarge = await admin.PostAsync($"/api/v1/campaigns/{campaign}/audience/file", File(Encoding.UTF8.GetBytes(big.ToString())));
        await tooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "campaigns.audience_file_too_large");

        var pdf = await admin.PostAsync($"/api/v1/campaigns/{campaign}/audience/file", File([.. "%PDF-1.7\n"u8, 0, 0, 0, 1]));
        await pdf.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "campaigns.audience_file_unsupported");

        var agent = await fixture.App.CreateSignedInUserAsync(fixture.AdminToken, "AGENTE");
        using var agentClient = fixture.App.CreateClient().WithBearer(agent.Token);
        var forbidden = await agentClient.PostAsync($"/api/v1/campaigns/{campaign}/audience/file", File("phone,nombre\n5491155550001,Ana\n"u8.ToArray()));
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(0, await LedgerCountAsync(campaign));
    }

    [Fact]
    public async Task ProgressListAndExport_AfterAnUpload_AnswerTheLedgerAndExportItSafely()
    {
        var campaign = await DraftAsync();
        using var admin = Admin();
        var upload = await admin.PostAsync($"/api/v1/campaigns/{campaign}/audience/file", File("phone,nombre\n5491155550101,\"Ana, la \"\"jefa\"\"\"\n=1+2,Bob\n5491155550102,@SUM(A1)\n"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        var progress = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/campaigns/{campaign}/progress");
        Assert.Equal((3, 2, 1), (progress.GetProperty("total").GetInt32(), progress.GetProperty("byStatus").GetProperty("pending").GetInt32(), progress.GetProperty("byStatus").GetProperty("skipped").GetInt32()));

        var list = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/campaigns/{campaign}/recipients?status=skipped");
        Assert.Equal("=1+2", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("input").GetString());
        var bad = await admin.GetAsync($"/api/v1/campaigns/{campaign}/recipients?status=lost");
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest);

        var export = await admin.GetAsync($"/api/v1/campaigns/{campaign}/recipients/export");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,phone,input,line,contactId,status,skipReason,errorCode,errorTitle,sentAt,repliedAt,updatedAt", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.Contains(",5491155550101,5491155550101,2,,pending,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",,'=1+2,3,,skipped,invalid_number,", StringComparison.Ordinal));
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM audit_logs WHERE action = 'ExportCampaignRecipients' AND target_id = @id AND outcome = 'Success'", ("id", campaign.ToString())));
    }
}
