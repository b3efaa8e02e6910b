using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Campaigns.ImportCampaignAudience;

/// <summary>
/// Reads an uploaded audience file (CSV or XLSX) row by row, never whole in memory. The type is read from the file's
/// bytes, never from its name or declared type.
/// </summary>
public interface IAudienceFileReader
{
    /// <summary>
    /// Opens <paramref name="content"/> (seekable) and reads its header row; an unsupported type, a broken spreadsheet,
    /// a CSV that is not UTF-8 or a file without a header is an error.
    /// </summary>
    Result<IAudienceFile> Open(Stream content);
}

/// <summary>An open audience file positioned before its first data row.</summary>
public interface IAudienceFile : IDisposable
{
    /// <summary><c>csv</c> or <c>xlsx</c>.</summary>
    string Format { get; }

    /// <summary>The header row's cells, trimmed, in order (a blank header is an empty string).</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>The row of the file the current record is on (the header is row 1).</summary>
    int Line { get; }

    /// <summary>
    /// Moves to the next data row; false at the end of the file, or when the file turns out to be unreadable past
    /// this point (<see cref="Failure"/> then says why and where).
    /// </summary>
    bool Read();

    /// <summary>Why <see cref="Read"/> stopped before the end of the file; null when it reached the end.</summary>
    Error? Failure { get; }

    /// <summary>The current row's cell of column <paramref name="index"/>, trimmed; empty when the row is shorter.</summary>
    string Cell(int index);
}
