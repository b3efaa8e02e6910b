namespace WhatsSuite.Application.Conversations;

/// <summary>
/// How common the words of the search documents' message part are, as the database's statistics of them estimate
/// (docs/decisions/0061-common-search-term-walks-the-list-first.md): the share of the documents holding each of the
/// most common words, and how many documents there are. A word not listed is rarer than every listed one.
/// </summary>
public sealed class SearchWordShares
{
    private readonly IReadOnlyDictionary<string, double> _shares;

    public SearchWordShares(IReadOnlyDictionary<string, double> shares, double documents)
    {
        ArgumentNullException.ThrowIfNull(shares);
        _shares = shares;
        Documents = documents;
    }

    /// <summary>How many search documents there are (the database's estimate).</summary>
    public double Documents { get; }

    /// <summary>
    /// The estimated share of the documents whose message part matches <paramref name="normalizedTerm"/> (a
    /// <see cref="ConversationSearchText.ForQuery"/> form): the product of its words' shares, taken as independent. The
    /// last word, when long enough to match as a prefix (<see cref="ConversationSearchText.MinPrefixLength"/>), counts
    /// every listed word it begins, at most all documents. Zero when one of its words is not listed, or it has none.
    /// </summary>
    public double ShareOf(string normalizedTerm)
    {
        var words = ConversationSearchText.Words(normalizedTerm);
        if (words.Count == 0)
        {
            return 0;
        }

        var share = 1.0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var prefix = i == words.Count - 1 && word.Length >= ConversationSearchText.MinPrefixLength;
            var wordShare = prefix
                ? Math.Min(1, _shares.Where(s => s.Key.StartsWith(word, StringComparison.Ordinal)).Sum(s => s.Value))
                : _shares.GetValueOrDefault(word);
            share *= wordShare;
        }

        return share;
    }
}
