using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Queues;

/// <summary>Field rules shared by the queue commands.</summary>
internal static class QueueRules
{
    public static IRuleBuilderOptions<T, string> ValidQueueName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty()
            .Must(v => v is null || v.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.")
            .MaximumTextLength(Queue.MaxNameLength)
            .Must(CommonRules.NoControlCharacters).WithMessage("'{PropertyName}' must not contain control characters.")
            .Must(CommonRules.NoMarkup).WithMessage("'{PropertyName}' must not contain '<' or '>'.")
            .Must(HiddenCharacters.AreAbsent).WithMessage(CommonRules.HiddenCharactersMessage);

    public static IRuleBuilderOptions<T, string?> ValidQueueDescription<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumTextLength(Queue.MaxDescriptionLength)
            .Must(CommonRules.NoMarkup).WithMessage("'{PropertyName}' must not contain '<' or '>'.")
            .Must(v => v is null || !v.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            .WithMessage("'{PropertyName}' must not contain control characters.");

    public static IRuleBuilderOptions<T, AssignmentStrategy?> KnownStrategy<T>(this IRuleBuilder<T, AssignmentStrategy?> rule) =>
        rule.Must(s => s is null || Enum.IsDefined(s.Value)).WithMessage("'{PropertyName}' must be manual, round_robin or least_busy.");

    public static IRuleBuilderOptions<T, int?> ValidAgentCapacity<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, Queue.MaxAgentCapacity);
}
