using System.Globalization;
using System.Text;
using WhatsSuite.Domain.Common;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;
using WhatsSuite.Domain.Webhooks;

namespace WhatsSuite.Domain.UnitTests.Common;

/// <summary>
/// Properties of <see cref="TextLimit.Cut"/> over random Unicode text (emoji with skin tones, ZWJ sequences, flags,
/// keycaps, combining marks, Arabic and Hebrew, Devanagari, Hangul jamo, CR LF, supplementary CJK) at every limit
/// from 0 to past the text's length, checked against independent rules rather than against the splitter itself.
/// The generator is seeded, so every run checks the same cases.
/// </summary>
public sealed class TextLimitTests
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "ñ", " ", "1", ".", "\r\n", "\n", "\t",
        "😀", "🎉", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️‍🔥", "🧑🏿‍🤝‍🧑🏻", "🇦🇷", "🇧🇷", "1️⃣", "✌️",
        "e\u0301", "a\u0323\u0302", "o\u0308\u0304\u0301", "Z\u0335\u0336\u0337",
        "مرحبا", "سلام", "ب\u064E", "שלום", "ש\u05C1\u05B8",
        "नमस्ते", "क्षि", "\u1100\u1161\u11A8", "한국", "日本", "𠀀", "𝕎",
        "\u200E", "\u200F",
    ];

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The limits of the product's stored text.</summary>
    public static readonly TheoryData<int> ProductLimits = new()
    {
        Contact.MaxNameLength, Conversation.MaxPreviewLength, Message.MaxTextLength, Message.MaxErrorTitleLength,
        WebhookInboxEntry.MaxErrorLength, 128,
    };

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 40; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Cut_RandomUnicodeAtEveryLimit_KeepsTheLongestPrefixOfWholeTextElements(int seed)
    {
        var random = new Random(seed);
        for (var sample = 0; sample < 25; sample++)
        {
            var text = RandomText(random, random.Next(0, 60));
            for (var max = 0; max <= text.Length + 1; max++)
            {
                AssertCutProperties(text, max);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ProductLimits))]
    public void Cut_EmojiOrClusterAcrossAProductLimit_NeverSplitsIt(int limit)
    {
        foreach (var piece in Pieces.Where(p => p.Length > 1 && new StringInfo(p).LengthInTextElements == 1))
        {
            for (var offset = 1; offset < piece.Length + 1; offset++)
            {
                // The piece straddles the limit (or ends exactly on it when offset equals its length).
                var text = new string('a', limit - offset) + piece + "tail";
                var cut = TextLimit.Cut(text, limit);

                AssertCutProperties(text, limit);
                Assert.Equal(offset == piece.Length ? text[..limit] : new string('a', limit - offset), cut);
            }
        }
    }

    [Fact]
    public void Cut_TwoHundredAndOneCharactersWithAnEmojiAtTheEnd_IsStorableAndKeepsNoHalfEmoji()
    {
        var text = new string('x', 199) + "😀" + ".";

        var preview = TextLimit.Cut(text, Conversation.MaxPreviewLength);

        Assert.Equal(new string('x', 199), preview);
        Assert.Equal(199, Strict.GetByteCount(preview));
    }

    [Fact]
    public void Cut_TextThatFits_IsReturnedAsItIs()
    {
        var text = "Hola 👋🏽 ¿cómo estás?";

        Assert.Same(text, TextLimit.Cut(text, text.Length));
        Assert.Null(TextLimit.Cut(null, 3));
    }

    [Fact]
    public void Cut_SingleTextElementLongerThanTheLimit_IsDroppedRatherThanSplit()
    {
        Assert.Equal(string.Empty, TextLimit.Cut("👨‍👩‍👧‍👦", 10));
        Assert.Equal("ok", TextLimit.Cut("ok👨‍👩‍👧‍👦", 10));
    }

    /// <summary>Built in code: an attribute cannot carry an unpaired surrogate (metadata stores UTF-8).</summary>
    public static TheoryData<string, string> LoneSurrogates() => new()
    {
        { "a" + '\uD83D', "a\uFFFD" },
        { '\uDE00' + "b", "\uFFFDb" },
        { string.Concat('\uDE00', '\uD83D'), "\uFFFD\uFFFD" },
        { "ok 😀", "ok 😀" },
        { string.Empty, string.Empty },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates), DisableDiscoveryEnumeration = true)]
    public void ReplaceLoneSurrogates_UnpairedHalves_BecomeReplacementCharacters(string input, string expected)
    {
        var replaced = TextLimit.ReplaceLoneSurrogates(input);

        Assert.Equal(expected, replaced);
        Assert.True(TextLimit.IsWellFormed(replaced));
        Assert.Equal(input == expected, TextLimit.IsWellFormed(input));
    }

    [Fact]
    public void Entities_TextLongerThanTheirColumns_AreCutWithoutSplittingAnEmoji()
    {
        var now = DateTimeOffset.UtcNow;
        var name = new string('n', Contact.MaxNameLength - 1) + "👍🏽";
        var preview = new string('p', Conversation.MaxPreviewLength - 1) + "😀";
        var body = new string('b', Message.MaxTextLength - 1) + "🇦🇷";

        var contact = Contact.Create("5491155550001", name, now);
        var conversation = Conversation.StartInbound(Guid.NewGuid(), contact.Id, null, now);
        conversation.RecordInbound(now, preview, now);
        var message = Message.Inbound(conversation.Id, Guid.NewGuid(), "wamid.1", MessageTypes.Text, body, "{}", null, null, now, now);

        Assert.Equal(new string('n', Contact.MaxNameLength - 1), contact.ProfileName);
        Assert.Equal(new string('p', Conversation.MaxPreviewLength - 1), conversation.LastMessagePreview);
        Assert.Equal(new string('b', Message.MaxTextLength - 1), message.Text);
    }

    private static string RandomText(Random random, int pieces)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return builder.ToString();
    }

    private static void AssertCutProperties(string text, int max)
    {
        var cut = TextLimit.Cut(text, max);
        var context = $"max {max} of {Escape(text)} gave {Escape(cut)}";

        // A prefix, within the limit, and unchanged when the text fits (what validators accept is never cut).
        Assert.True(text.StartsWith(cut, StringComparison.Ordinal), context);
        Assert.True(cut.Length <= max, context);
        Assert.True(TextLimit.Fits(cut, max), context);
        Assert.Equal(TextLimit.Fits(text, max), ReferenceEquals(cut, text) || cut == text);

        // Storable: a strict UTF-8 encoder (as Npgsql's) accepts it.
        _ = Strict.GetByteCount(cut);

        // Never ends inside a cluster, judged by rules independent of the splitter.
        if (cut.Length < text.Length)
        {
            var rest = text.AsSpan(cut.Length);
            Assert.False(char.IsLowSurrogate(rest[0]), context);
            var next = Rune.GetRuneAt(text, cut.Length);
            Assert.False(IsExtending(next), context);
            Assert.False(cut.EndsWith('\u200D'), context);
            Assert.False(cut.EndsWith('\r') && rest[0] == '\n', context);
            Assert.False(OddRegionalIndicatorsAtEnd(cut) && IsRegionalIndicator(next), context);

            // The longest such prefix: the next text element would not fit.
            Assert.True(cut.Length + StringInfo.GetNextTextElementLength(rest) > max, context);
        }

        // Whole text elements: the cut's elements are the text's first elements.
        var elements = Elements(text);
        var kept = Elements(cut);
        Assert.Equal(elements.Take(kept.Count), kept);

        // Idempotent and monotone.
        Assert.Equal(cut, TextLimit.Cut(cut, max));
        Assert.True(TextLimit.Cut(text, max + 1).StartsWith(cut, StringComparison.Ordinal), context);
    }

    private static bool IsExtending(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark
        || rune.Value is 0x200D or 0xFE0F or 0x20E3 or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0x1160 and <= 0x11FF);

    private static bool IsRegionalIndicator(Rune rune) => rune.Value is >= 0x1F1E6 and <= 0x1F1FF;

    private static bool OddRegionalIndicatorsAtEnd(string text)
    {
        var count = 0;
        for (var i = text.Length; i >= 2 && char.IsSurrogatePair(text[i - 2], text[i - 1]) && IsRegionalIndicator(Rune.GetRuneAt(text, i - 2)); i -= 2)
        {
            count++;
        }

        return count % 2 == 1;
    }

    private static List<string> Elements(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        return elements;
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c < 128 && !char.IsControl(c) ? c.ToString() : $"\\u{(int)c:X4}"));
}
