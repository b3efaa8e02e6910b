using FluentValidation;
using WhatsSuite.Application.Common.Paging;

namespace WhatsSuite.Application.Common.Validation;

public static class PagingRules
{
    public const int MaxSearchLength = 100;

    public static void ValidPage<T>(this IRuleBuilder<T, int> rule) => rule.GreaterThanOrEqualTo(1);

    public static void ValidPageSize<T>(this IRuleBuilder<T, int> rule) => rule.InclusiveBetween(1, PageDefaults.MaxPageSize);

    public static void ValidSearch<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumTextLength(MaxSearchLength)
            .Must(CommonRules.NoControlCharacters).WithMessage("'{PropertyName}' must not contain control characters.");
}
