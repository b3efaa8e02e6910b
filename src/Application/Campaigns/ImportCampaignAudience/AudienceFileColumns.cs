using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Campaigns.ImportCampaignAudience;

/// <summary>
/// The header of an audience file: which column holds the phone numbers (named by the request, or the first of
/// <see cref="PhoneColumnNames"/>), and the other named columns, whose values become the recipient's
/// <c>column:&lt;name&gt;</c> fields. Column names are compared without regard to case and stored lower-case.
/// </summary>
public sealed class AudienceFileColumns
{
    /// <summary>The most named columns a file may have.</summary>
    public const int MaxColumns = 50;

    /// <summary>Header names recognised as the phone column when the request names none, in order of preference.</summary>
    public static readonly IReadOnlyList<string> PhoneColumnNames = ["phone", "telefono", "teléfono", "number", "numero", "número", "celular", "mobile", "whatsapp"];

    private AudienceFileColumns(int phone, IReadOnlyList<(int Index, string Field)> fields)
    {
        Phone = phone;
        Fields = fields;
    }

    /// <summary>The index of the phone column.</summary>
    public int Phone { get; }

    /// <summary>Every other named column: its index and the field it fills (<c>column:&lt;lower-case name&gt;</c>).</summary>
    public IReadOnlyList<(int Index, string Field)> Fields { get; }

    /// <summary>The sources of the variables the file can fill.</summary>
    public IEnumerable<string> Sources => Fields.Select(f => f.Field);

    public static Result<AudienceFileColumns> Resolve(IReadOnlyList<string> header, string? phoneColumn)
    {
        ArgumentNullException.ThrowIfNull(header);
        var named = header.Select((name, index) => (Name: name.Trim(), Index: index)).Where(c => c.Name.Length > 0).ToList();
        if (named.Count > MaxColumns)
        {
            return CampaignErrors.AudienceFileTooManyColumns(MaxColumns);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in named)
        {
            if (!seen.Add(column.Name))
            {
                return CampaignErrors.AudienceFileDuplicateColumn(column.Name);
            }
        }

        var requested = string.IsNullOrWhiteSpace(phoneColumn) ? null : phoneColumn.Trim();
        var phone = requested is not null
            ? named.FindIndex(c => c.Name.Equals(requested, StringComparison.OrdinalIgnoreCase))
            : PhoneColumnNames.Select(n => named.FindIndex(c => c.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(i => i >= 0, -1);
        if (phone < 0)
        {
            return CampaignErrors.AudienceFileNoPhoneColumn(requested, named.Select(c => c.Name).ToList());
        }

        return new AudienceFileColumns(
            named[phone].Index,
            named.Where((_, i) => i != phone).Select(c => (c.Index, Field(c.Name))).ToList());
    }

    /// <summary>The recipient field a column fills: <c>column:</c> and its name in lower case.</summary>
    public static string Field(string column) => CampaignRules.ColumnPrefix + column.Trim().ToLowerInvariant();
}
