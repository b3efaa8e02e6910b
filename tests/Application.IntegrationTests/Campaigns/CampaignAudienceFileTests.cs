using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.CreateCampaign;
using WhatsSuite.Application.Campaigns.ImportCampaignAudience;
using WhatsSuite.Application.Campaigns.PreviewCampaignAudienceFile;
using WhatsSuite.Application.Campaigns.SetCampaignAudience;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.IntegrationTests.Support;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Campaigns;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Templates;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.IntegrationTests.Campaigns;

/// <summary>
/// A draft's audience from an uploaded CSV or XLSX file: streamed row by row into the same ledger as the other
/// audience sources, with E.164 normalisation, duplicates and opted-out contacts skipped, rows reported by their row
/// in the file, the other columns as variables; a preview that stores nothing; bad files refused with nothing changed.
/// </summary>
public sealed class CampaignAudienceFileTests(ApplicationFixture fixture) : IClassFixture<ApplicationFixture>
{
    private Seeder Seed => fixture.Seed;

    private async Task<(TestUser Supervisor, Guid Campaign)> DraftAsync(string source = "column:Nombre", string category = MessageTemplateCategory.Utility)
    {
        var queue = await Seed.QueueAsync();
        var supervisor = await Seed.UserAsync(Role.SUPERVISOR);
        var connection = await Seed.ConnectionAsync([queue]);
        var name = $"promo_{Guid.NewGuid():N}"[..20];
        await Seed.TemplateAsync(connection, name, "es", bodyVariables: 2, category: category);
        var created = await fixture.SendAsync(supervisor.Actor, new CreateCampaignCommand(
            "Hot Sale", [connection], new CampaignTemplateInput(name, "es", new Dictionary<string, string> { ["body.1"] = source, ["body.2"] = "column:plan" }), queue, null, null));
        Assert.True(created.IsSuccess, created.Error?.Message);
        return (supervisor, created.Value.Id);
    }

    private async Task<Contact> ContactAsync(string phone, bool optedOut)
    {
        var now = Seed.NextTime();
        var contact = Contact.Create(phone, "Known", now);
        contact.SetOptOut(optedOut, now);
        await fixture.ChangeAsync(db =>
        {
            db.Contacts.Add(contact);
            return Task.CompletedTask;
        });
        return contact;
    }

    private Task<int> LedgerCountAsync(Guid campaign) =>
        fixture.QueryAsync(db => db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign));

    private Task<Result<CampaignAudienceFileDto>> ImportAsync(TestUser user, Guid campaign, Stream file, string? phoneColumn = null) =>
        fixture.SendAsync(user.Actor, new ImportCampaignAudienceCommand(campaign, file, phoneColumn));

    private static FileStream TempFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"audience-test-{Guid.NewGuid():N}");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose);
    }

    private static MemoryStream Csv(string text, Encoding? encoding = null) => new((encoding ?? Encoding.UTF8).GetBytes(text));

    [Fact]
    public async Task Handle_CsvOf100000RowsWithErrors_StoresEveryRowAndReportsErrorsByLine()
    {
        var (supervisor, campaign) = await DraftAsync();
        var prefix = Seeder.RandomNumber()[..6];
        var optedOut = await ContactAsync($"{prefix}0000042", optedOut: true);

        // Header on row 1, data row i (0-based) on row i + 2. Every 1000th row from 7 is not a number, every 1000th from
        // 500 repeats the number of the row before; row 44 is the opted-out contact. Semicolons: detected as the delimiter.
        await using var file = TempFile();
        await using (var writer = new StreamWriter(file, new UTF8Encoding(false), leaveOpen: true))
        {
            await writer.WriteAsync("Telefono;Nombre;Plan\r\n");
            for (var i = 0; i < 100_000; i++)
            {
                var phone = i % 1000 == 7 ? "no-number"
                    : i % 1000 == 500 ? $"+{prefix}{i - 1:D7}"
                    : $"+{prefix[..2]} {prefix[2..]} {i:D7}";
                await writer.WriteAsync($"{phone};Cliente {i};Oro\r\n");
            }
        }

        file.Position = 0;
        var result = await ImportAsync(supervisor, campaign, file);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var audience = result.Value;
        Assert.Equal((true, "csv", "Telefono", 100_000), (audience.Stored, audience.Format, audience.PhoneColumn, audience.Rows));
        Assert.Equal(["nombre", "plan"], audience.Columns);
        Assert.Equal((100, 100, 1), (audience.SkippedByReason[CampaignSkipReasons.InvalidNumber], audience.SkippedByReason[CampaignSkipReasons.Duplicate], audience.SkippedByReason[CampaignSkipReasons.OptedOut]));
        Assert.Equal((100_000 - 201, 201), (audience.Recipients, audience.Skipped));
        Assert.Equal(
            [(9, "no-number", CampaignSkipReasons.InvalidNumber), (44, $"+{prefix[..2]} {prefix[2..]} 0000042", CampaignSkipReasons.OptedOut), (502, $"+{prefix}0000499", CampaignSkipReasons.Duplicate), (1009, "no-number", CampaignSkipReasons.InvalidNumber)],
            audience.Issues.Take(4).Select(i => (i.Line, i.Input, i.Reason)).ToList());
        Assert.Equal(100, audience.Issues.Count);
        Assert.Equal(("Cliente 0", "Oro"), (audience.Preview[0].Variables["body.1"], audience.Preview[0].Variables["body.2"]));

        Assert.Equal(100_000, await LedgerCountAsync(campaign));
        var row = await fixture.QueryAsync(db => db.CampaignRecipients.AsNoTracking().SingleAsync(r => r.CampaignId == campaign && r.Line == 12_345));
        Assert.Equal((CampaignRecipientStatus.Pending, $"{prefix}0012343"), (row.Status, row.Phone));
        Assert.Equal("Cliente 12343", JsonSerializer.Deserialize<Dictionary<string, string>>(row.Fields)!["column:nombre"]);
        var skipped = await fixture.QueryAsync(db => db.CampaignRecipients.AsNoTracking().SingleAsync(r => r.CampaignId == campaign && r.Phone == optedOut.WaId));
        Assert.Equal((CampaignRecipientStatus.Skipped, optedOut.Id), (skipped.Status, skipped.ContactId));
        Assert.Equal(AuditOutcome.Success, Assert.Single(await fixture.AuditAsync("ImportCampaignAudience", campaign)).Outcome);
    }

    [Fact]
    public async Task Handle_Xlsx_ReadsTheFirstSheetWithNumericPhonesAndRowNumbers()
    {
        var (supervisor, campaign) = await DraftAsync();
        var first = Seeder.RandomNumber();
        var second = Seeder.RandomNumber();
        using var file = new MemoryStream();
        await file.SaveAsAsync(
            new List<Dictionary<string, object?>>
            {
                new() { ["Celular"] = long.Parse(first, System.Globalization.CultureInfo.InvariantCulture), ["NOMBRE"] = "Ana", ["Plan"] = "Oro" },
                new() { ["Celular"] = "12", ["NOMBRE"] = "Bad", ["Plan"] = "Plata" },
                new() { ["Celular"] = $"+{second}", ["NOMBRE"] = "Bob", ["Plan"] = 3 },
            },
            excelType: ExcelType.XLSX);
        file.Position = 0;

        var result = await ImportAsync(supervisor, campaign, file);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(("xlsx", "Celular", 3, 2, 1), (result.Value.Format, result.Value.PhoneColumn, result.Value.Rows, result.Value.Recipients, result.Value.Skipped));
        Assert.Equal((3, "12", CampaignSkipReasons.InvalidNumber), Assert.Single(result.Value.Issues.Select(i => (i.Line, i.Input, i.Reason))));
        Assert.Equal([(first, "Ana", "Oro"), (second, "Bob", "3")], result.Value.Preview.Select(p => (p.Phone, p.Variables["body.1"], p.Variables["body.2"])).ToList());
        var lines = await fixture.QueryAsync(db => db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == campaign).OrderBy(r => r.Line).Select(r => r.Line).ToListAsync());
        Assert.Equal([2, 3, 4], lines);
    }

    [Fact]
    public async Task Handle_Preview_AnswersCountsAndStoresNothing()
    {
        var (supervisor, campaign) = await DraftAsync();
        var kept = Seeder.RandomNumber();
        Assert.True((await fixture.SendAsync(supervisor.Actor, new ImportCampaignAudienceCommand(campaign, Csv($"phone,nombre,plan\n{kept},Ana,Oro\n"), null))).IsSuccess);
        var numbers = Enumerable.Range(0, 30).Select(_ => Seeder.RandomNumber()).ToList();
        var csv = "numero,nombre,plan,extra\n" + string.Join("\n", numbers.Select((n, i) => $"{n},N{i},P,x")) + "\nbad,,,\n\n,,,\n";

        var result = await fixture.SendAsync(supervisor.Actor, new PreviewCampaignAudienceFileQuery(campaign, Csv(csv), "NUMERO"));

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal((false, 31, 30, 1), (result.Value.Stored, result.Value.Rows, result.Value.Recipients, result.Value.Skipped));
        Assert.Equal(["nombre", "plan", "extra"], result.Value.Columns);
        Assert.Equal(20, result.Value.Preview.Count);
        Assert.Equal((32, "bad"), Assert.Single(result.Value.Issues.Select(i => (i.Line!.Value, i.Input))));
        var ledger = await fixture.QueryAsync(db => db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == campaign).Select(r => r.Phone).ToListAsync());
        Assert.Equal([kept], ledger);
    }

    public static TheoryData<string, byte[], string?, string> BadFiles()
    {
        var latin1Late = new MemoryStream();
        latin1Late.Write(Encoding.UTF8.GetBytes("phone,nombre,plan\n"));
        for (var i = 0; i < 4_999; i++)
        {
            latin1Late.Write(Encoding.UTF8.GetBytes($"54911{i:D8},Ana,Oro\n"));
        }

        latin1Late.Write(Encoding.Latin1.GetBytes("5491199999999,José,Oro\n"));
        return new TheoryData<string, byte[], string?, string>
        {
            { "legacy xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0], null, "campaigns.audience_file_unsupported" },
            { "broken xlsx", [.. "PK\u0003\u0004"u8, .. Encoding.ASCII.GetBytes("this is not a zip archive at all")], null, "campaigns.audience_file_unreadable" },
            { "latin-1 csv", latin1Late.ToArray(), null, "campaigns.audience_file_encoding" },
            { "no phone column", Encoding.UTF8.GetBytes("nombre,plan\nAna,Oro\n"), null, "campaigns.audience_file_no_phone_column" },
            { "named column missing", Encoding.UTF8.GetBytes("phone,nombre,plan\n5491100000000,Ana,Oro\n"), "celular", "campaigns.audience_file_no_phone_column" },
            { "variable column missing", Encoding.UTF8.GetBytes("phone,nombre\n5491100000000,Ana\n"), null, "campaigns.audience_file_missing_columns" },
            { "duplicate column", Encoding.UTF8.GetBytes("phone,Plan,plan,nombre\n5491100000000,a,b,c\n"), null, "campaigns.audience_file_duplicate_column" },
            { "empty", [], null, "campaigns.audience_file_empty" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Handle_BadFile_IsRefusedAndKeepsTheLedger(string name, byte[] content, string? phoneColumn, string code)
    {
        var (supervisor, campaign) = await DraftAsync();
        var kept = Seeder.RandomNumber();
        Assert.True((await ImportAsync(supervisor, campaign, Csv($"phone,nombre,plan\n{kept},Ana,Oro\n"))).IsSuccess);

        var result = await ImportAsync(supervisor, campaign, new MemoryStream(content), phoneColumn);

        Assert.False(result.IsSuccess, name);
        Assert.Equal(code, result.Error.Code);
        var ledger = await fixture.QueryAsync(db => db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == campaign).Select(r => r.Phone).ToListAsync());
        Assert.Equal([kept], ledger);
    }

    [Fact]
    public async Task Handle_Latin1Csv_NamesTheRowThatIsNotUtf8()
    {
        var (supervisor, campaign) = await DraftAsync();
        var bytes = Encoding.UTF8.GetBytes("phone,nombre,plan\n5491100000001,Ana,Oro\n").Concat(Encoding.Latin1.GetBytes("5491100000002,José,Oro\n")).ToArray();

        var result = await ImportAsync(supervisor, campaign, new MemoryStream(bytes));

        Assert.Equal(CampaignErrors.AudienceFileEncoding(3).Message, result.Error?.Message);
    }

    [Fact]
    public async Task Handle_NoLongerDraftOrUnknown_IsRefused()
    {
        var (supervisor, campaign) = await DraftAsync();
        await fixture.ChangeAsync(async db => (await db.Campaigns.SingleAsync(c => c.Id == campaign)).MoveTo(CampaignStatus.Scheduled, null, DateTimeOffset.UtcNow));

        var scheduled = await ImportAsync(supervisor, campaign, Csv("phone,nombre,plan\n5491100000001,Ana,Oro\n"));
        var unknown = await ImportAsync(supervisor, Guid.NewGuid(), Csv("phone\n5491100000001\n"));

        Assert.Equal(CampaignErrors.NotDraft.Code, scheduled.Error?.Code);
        Assert.Equal("campaigns.not_found", unknown.Error?.Code);
    }
}
