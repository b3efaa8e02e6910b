using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Common.Csv;

/// <summary>Errors of the CSV exports.</summary>
public static class CsvErrors
{
    public static Error TooManyRows(string feature, int matched) => Error.Unprocessable(
        $"{feature}.export_too_large",
        $"The filter matches {matched} rows; one export holds at most {CsvBuilder.MaxRows}. Narrow the time range.");
}
