using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using WhatsSuite.Application.Campaigns.ExportCampaignRecipients;
using WhatsSuite.Application.Campaigns.ListCampaignRecipients;
using WhatsSuite.Application.Common.Csv;

namespace WhatsSuite.Api.Endpoints;

/// <summary>
/// Writes a campaign's recipient export as UTF-8 CSV while its rows are read from the database, flushing every few
/// hundred rows: a million-row ledger never sits in memory. Cells are escaped as every export is (<see cref="CsvBuilder.Escape"/>:
/// RFC 4180 quoting and a leading quote against spreadsheet formulas).
/// </summary>
internal sealed class CampaignRecipientsCsvResult(CampaignRecipientExport export) : IResult
{
    private const int FlushEvery = 500;

    private static readonly string[] Header = ["id", "phone", "input", "line", "contactId", "status", "skipReason", "errorCode", "errorTitle", "sentAt", "repliedAt", "updatedAt"];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = export.FileName, FileName = export.FileName }.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        var ct = httpContext.RequestAborted;
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(Header));
        var rows = 0;
        await foreach (var r in export.Rows.WithCancellation(ct))
        {
            await writer.WriteAsync(Line(
                r.Id.ToString(),
                r.Phone,
                r.Input,
                r.Line?.ToString(CultureInfo.InvariantCulture),
                r.ContactId?.ToString(),
                Status(r.Status),
                r.SkipReason,
                r.ErrorCode,
                r.ErrorTitle,
                Time(r.SentAt),
                Time(r.RepliedAt),
                Time(r.UpdatedAt)));
            if (++rows % FlushEvery == 0)
            {
                await writer.FlushAsync(ct);
            }
        }

        await writer.FlushAsync(ct);
    }

    private static string Line(params string?[] cells) => string.Join(',', cells.Select(CsvBuilder.Escape)) + "\r\n";

    private static string Status(Domain.Campaigns.CampaignRecipientStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    private static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
