using System.Text;
using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Common;

namespace WhatsSuite.Application.UnitTests.Common.Validation;

/// <summary>A length limit means one thing: what the validator accepts is exactly what <see cref="TextLimit.Cut"/> keeps whole.</summary>
public sealed class TextRulesTests
{
    private static readonly string[] Pieces = ["a", "ñ", " ", "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇦🇷", "e\u0301", "مرحبا", "\r\n", "𠀀"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void MaximumTextLength_RandomText_AcceptsExactlyWhatTheCutKeepsWhole(int seed)
    {
        var random = new Random(seed);
        for (var sample = 0; sample < 200; sample++)
        {
            var builder = new StringBuilder();
            for (var i = random.Next(0, 12); i > 0; i--)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var text = builder.ToString();
            var max = random.Next(0, 40);
            var validator = new InlineValidator<Body>();
            validator.RuleFor(b => b.Text).MaximumTextLength(max);

            var accepted = validator.Validate(new Body(text)).IsValid;

            Assert.Equal(TextLimit.Cut(text, max) == text, accepted);
        }
    }

    [Fact]
    public void MaximumTextLength_TooLong_NamesTheLimitAndHowEmojiCount()
    {
        var validator = new InlineValidator<Body>();
        validator.RuleFor(b => b.Text).MaximumTextLength(4);

        var error = Assert.Single(validator.Validate(new Body("😀😀😀")).Errors);

        Assert.Contains("at most 4 characters", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("emoji count as two", error.ErrorMessage, StringComparison.Ordinal);
    }

    public sealed record Body(string? Text);
}
