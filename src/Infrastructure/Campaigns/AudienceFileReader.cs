using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Sylvan.Data.Csv;
using WhatsSuite.Application.Campaigns;
using WhatsSuite.Application.Campaigns.ImportCampaignAudience;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Infrastructure.Campaigns;

/// <summary>
/// Audience files through maintained readers: CSV with Sylvan.Data.Csv (the delimiter , ; tab or | detected from the
/// header, UTF-8 with or without a byte-order mark, or UTF-16 with one), XLSX with MiniExcel (the first sheet).
/// Both stream: a record at a time, never the whole file. The type is sniffed from the first bytes: a ZIP is a
/// workbook, text without NUL bytes a CSV, anything else (a legacy .xls, a PDF, an image) is refused.
/// </summary>
internal sealed class AudienceFileReader : IAudienceFileReader
{
    /// <summary>The longest CSV record (a row of the file) accepted, in characters.</summary>
    public const int MaxRecordChars = 64 * 1024;

    private const int SniffBytes = 8 * 1024;

    public Result<IAudienceFile> Open(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("The audience file must be seekable.", nameof(content));
        }

        var head = new byte[SniffBytes];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        var bytes = head.AsSpan(0, read);
        if (read == 0)
        {
            return CampaignErrors.AudienceFileEmpty;
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return XlsxAudienceFile.Open(content);
        }

        var utf16 = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));
        if (!utf16 && bytes.Contains((byte)0))
        {
            return CampaignErrors.AudienceFileUnsupported;
        }

        return CsvAudienceFile.Open(content);
    }

    private sealed class CsvAudienceFile : IAudienceFile
    {
        private const char Replacement = '\uFFFD';

        private readonly CsvDataReader _reader;
        private readonly StreamReader _text;

        private CsvAudienceFile(CsvDataReader reader, StreamReader text, IReadOnlyList<string> columns)
        {
            _reader = reader;
            _text = text;
            Columns = columns;
        }

        public string Format => "csv";

        public IReadOnlyList<string> Columns { get; }

        public int Line { get; private set; } = 1;

        public Error? Failure { get; private set; }

        public static Result<IAudienceFile> Open(Stream content)
        {
            // Bytes that are not UTF-8 decode to U+FFFD (rather than throwing while the reader fills its buffer, rows
            // ahead); the row that holds one is then named as the culprit.
            var text = new StreamReader(content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
            try
            {
                var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, BufferSize = 16 * 1024, MaxBufferSize = MaxRecordChars, HeaderComparer = StringComparer.OrdinalIgnoreCase });
                var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i) ?? string.Empty).Trim().TrimStart('\uFEFF')).ToList();
                if (columns.Any(c => c.Contains(Replacement, StringComparison.Ordinal)))
                {
                    text.Dispose();
                    return CampaignErrors.AudienceFileEncoding(1);
                }

                if (columns.All(c => c.Length == 0))
                {
                    text.Dispose();
                    return CampaignErrors.AudienceFileEmpty;
                }

                return new CsvAudienceFile(reader, text, columns);
            }
            catch (CsvRecordTooLargeException)
            {
                text.Dispose();
                return CampaignErrors.AudienceFileUnreadable(string.Create(CultureInfo.InvariantCulture, $"the header row is longer than {MaxRecordChars} characters."));
            }
        }

        public bool Read()
        {
            try
            {
                if (!_reader.Read())
                {
                    return false;
                }

                Line++;
                for (var i = 0; i < _reader.RowFieldCount; i++)
                {
                    if (_reader.GetFieldSpan(i).Contains(Replacement))
                    {
                        Failure = CampaignErrors.AudienceFileEncoding(Line);
                        return false;
                    }
                }

                return true;
            }
            catch (CsvRecordTooLargeException)
            {
                Failure = CampaignErrors.AudienceFileUnreadable(string.Create(CultureInfo.InvariantCulture, $"row {Line + 1} is longer than {MaxRecordChars} characters (an unclosed quote?)."));
            }

            return false;
        }

        public string Cell(int index) => index < _reader.RowFieldCount ? _reader.GetString(index).Trim() : string.Empty;

        public void Dispose()
        {
            _reader.Dispose();
            _text.Dispose();
        }
    }

    private sealed class XlsxAudienceFile : IAudienceFile
    {
        private readonly IEnumerator<IDictionary<string, object?>> _rows;
        private IDictionary<string, object?>? _current;

        private XlsxAudienceFile(IEnumerator<IDictionary<string, object?>> rows, IReadOnlyList<string> columns)
        {
            _rows = rows;
            Columns = columns;
        }

        public string Format => "xlsx";

        public IReadOnlyList<string> Columns { get; }

        public int Line { get; private set; } = 1;

        public Error? Failure { get; private set; }

        public static Result<IAudienceFile> Open(Stream content)
        {
            IEnumerator<IDictionary<string, object?>>? rows = null;
            try
            {
                rows = MiniExcel.Query(content, useHeaderRow: false, excelType: ExcelType.XLSX)
                    .Cast<IDictionary<string, object?>>()
                    .GetEnumerator();
                if (!rows.MoveNext())
                {
                    rows.Dispose();
                    return CampaignErrors.AudienceFileEmpty;
                }

                // Without a header row, MiniExcel names the cells by their column letters (A, B, ... AA).
                var header = rows.Current;
                var columns = Enumerable.Range(0, header.Count).Select(i => Text(header.TryGetValue(Letters(i), out var cell) ? cell : null)).ToList();
                if (columns.All(c => c.Length == 0))
                {
                    rows.Dispose();
                    return CampaignErrors.AudienceFileEmpty;
                }

                return new XlsxAudienceFile(rows, columns);
            }
#pragma warning disable CA1031 // Whatever a broken workbook makes the reader throw, the answer is the same 422.
            catch (Exception exception) when (exception is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                rows?.Dispose();
                return CampaignErrors.AudienceFileUnreadable("it is not a valid XLSX workbook (" + exception.GetType().Name + ").");
            }
        }

        public bool Read()
        {
            try
            {
                if (!_rows.MoveNext())
                {
                    _current = null;
                    return false;
                }

                _current = _rows.Current;
                Line++;
                return true;
            }
#pragma warning disable CA1031 // As above: a workbook broken past its first rows.
            catch (Exception exception) when (exception is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                Failure = CampaignErrors.AudienceFileUnreadable(string.Create(CultureInfo.InvariantCulture, $"the workbook is broken after row {Line} ({exception.GetType().Name})."));
                return false;
            }
        }

        public string Cell(int index) =>
            _current is not null && _current.TryGetValue(Letters(index), out var value) ? Text(value) : string.Empty;

        /// <summary>A column's letters: 0 → A, 25 → Z, 26 → AA.</summary>
        private static string Letters(int index)
        {
            var letters = string.Empty;
            for (var n = index + 1; n > 0; n = (n - 1) / 26)
            {
                letters = (char)('A' + ((n - 1) % 26)) + letters;
            }

            return letters;
        }

        public void Dispose() => _rows.Dispose();

        /// <summary>A cell as text: a whole number without decimals or exponent (a phone typed as a number), a date as ISO 8601.</summary>
        private static string Text(object? value) => value switch
        {
            null => string.Empty,
            string text => text.Trim(),
            double d when d == Math.Floor(d) && Math.Abs(d) < 1e17 => d.ToString("0", CultureInfo.InvariantCulture),
            DateTime date => date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString()?.Trim() ?? string.Empty,
        };
    }
}
