using System.Text.RegularExpressions;

namespace WhatsSuite.Architecture.Tests;

/// <summary>
/// A query that tests a nullable column against a list (<c>phones.Contains(c.WaId!)</c>) is translated by EF Core with
/// SQL's null semantics: <c>c.wa_id = ANY (@phones) OR (c.wa_id IS NULL AND array_position(@phones, NULL) IS NOT NULL)</c>.
/// The second branch keeps PostgreSQL from answering it from the column's index (a partial one, <c>WHERE ... IS NOT
/// NULL</c>, as the product's are): a plan made for any list reads the whole table and compares each row with every
/// element (1.2 s for 2,000 numbers against 24,000 contacts), and one made per list is planned anew on every run. Written
/// as <c>c.WaId != null &amp;&amp; phones.Contains(c.WaId)</c>, the SQL is <c>c.wa_id IS NOT NULL AND c.wa_id = ANY
/// (@phones)</c> and the index answers it. The null-forgiving operator inside <c>Contains</c> is how the unguarded form
/// shows in the source (docs/decisions/0062-nullable-columns-in-list-lookups.md).
/// </summary>
public sealed partial class NullGuardedContainsTests
{
    [Fact]
    public void ProductQueries_ListLookupOfANullableColumn_IsGuardedAgainstNull()
    {
        var found = RepositoryFiles.ProductSources()
            .SelectMany(f => UnguardedContains().Matches(File.ReadAllText(f)).Select(m => $"{RepositoryFiles.Relative(f)}: {m.Value.Trim()}"))
            .ToList();

        Assert.True(found.Count == 0, "Contains of a nullable column without a null guard (write `x.Column != null && list.Contains(x.Column)`): " + string.Join("; ", found));
    }

    [Theory]
    [InlineData("db.Contacts.Where(c => phones.Contains(c.WaId!))")]
    [InlineData("wamids.Contains( m.Wamid! )")]
    [InlineData("ids.Contains(r.Campaign.ConnectionId!)")]
    public void Canary_UnguardedContains_IsSeen(string code) => Assert.Matches(UnguardedContains(), code);

    [Theory]
    [InlineData("db.Contacts.Where(c => c.WaId != null && phones.Contains(c.WaId))")]
    [InlineData("ids.Contains(c.Id)")]
    [InlineData("text.Contains(term!)")]
    [InlineData("c => c.WaId!.Contains(tail)")]
    public void Canary_GuardedOrNonNullableContains_IsNotSeen(string code) => Assert.DoesNotMatch(UnguardedContains(), code);

    /// <summary><c>.Contains(</c> of a member access (<c>c.WaId</c>, <c>r.Campaign.ConnectionId</c>) made non-null with <c>!</c>.</summary>
    [GeneratedRegex("""\.Contains\(\s*[A-Za-z_]\w*(\.[A-Za-z_]\w*)+!\s*\)""")]
    private static partial Regex UnguardedContains();
}
