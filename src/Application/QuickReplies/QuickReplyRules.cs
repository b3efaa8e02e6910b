using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.QuickReplies;

namespace WhatsSuite.Application.QuickReplies;

public static class QuickReplyRules
{
    public static IRuleBuilderOptions<T, string?> ValidShortcut<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty()
            .Must(s => s is null || QuickReply.NormalizeShortcut(s).Length is > 0 and <= QuickReply.MaxShortcutLength)
            .WithMessage($"'{{PropertyName}}' must be 1 to {QuickReply.MaxShortcutLength} characters.")
            .Must(s => s is null || QuickReply.NormalizeShortcut(s).All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
            .WithMessage("'{PropertyName}' may hold letters a-z, digits, '_' and '-' (a leading '/' is dropped).");

    public static IRuleBuilderOptions<T, string?> ValidTitle<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Must(t => t is null || t.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.").MaximumTextLength(QuickReply.MaxTitleLength);

    public static IRuleBuilderOptions<T, string?> ValidText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Must(t => t is null || t.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.").MaximumTextLength(QuickReply.MaxTextLength);
}
