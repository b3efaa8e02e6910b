using FluentValidation;

namespace WhatsSuite.Application.Common.Validation;

public static class TimeRangeRules
{
    /// <summary>When both ends are given, <c>from</c> must not be after <c>to</c>.</summary>
    public static void ValidTimeRange<T>(this AbstractValidator<T> validator, Func<T, DateTimeOffset?> from, Func<T, DateTimeOffset?> to)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(x => from(x))
            .Must((x, f) => f is null || to(x) is null || f <= to(x))
            .WithName("from")
            .OverridePropertyName("from")
            .WithMessage("'from' must not be after 'to'.");
    }
}
