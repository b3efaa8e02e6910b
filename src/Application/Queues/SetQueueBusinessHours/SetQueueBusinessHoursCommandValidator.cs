using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Queues.SetQueueBusinessHours;

internal sealed class SetQueueBusinessHoursCommandValidator : AbstractValidator<SetQueueBusinessHoursCommand>
{
    private const string TimeMessage = "'{PropertyName}' must be a time HH:mm from 00:00 to 24:00.";

    public SetQueueBusinessHoursCommandValidator()
    {
        RuleFor(c => c.TimeZone).NotEmpty()
            .Must(z => BusinessHours.FindZone(z) is not null)
            .WithMessage($"'{{PropertyName}}' must be an IANA time zone id (for example Europe/Madrid), at most {BusinessHours.MaxTimeZoneLength} characters.");
        RuleFor(c => c.Weekly).NotNull()
            .Must(w => w is null || w.Count <= 7 * BusinessHours.MaxRangesPerDay)
            .WithMessage($"'{{PropertyName}}' must have at most {7 * BusinessHours.MaxRangesPerDay} ranges.");
        RuleFor(c => c.Weekly).Must(w => w is null || w.All(r => r is not null)).WithMessage("'{PropertyName}' must not hold null ranges.");
        RuleForEach(c => c.Weekly).ChildRules(range =>
        {
            range.RuleFor(r => r.Day).NotNull().IsInEnum();
            range.RuleFor(r => r.Start).NotEmpty().Must(t => BusinessHoursMapper.Minutes(t) is not null).WithMessage(TimeMessage);
            range.RuleFor(r => r.End).NotEmpty().Must(t => BusinessHoursMapper.Minutes(t) is not null).WithMessage(TimeMessage);
        });
        RuleFor(c => c).Must(c => c.OutOfHoursReply is null || c.OutOfHoursTemplate is null)
            .WithMessage("'outOfHoursReply' and 'outOfHoursTemplate' are one or the other.").OverridePropertyName("outOfHoursTemplate");
        When(c => c.OutOfHoursTemplate is not null, () =>
        {
            RuleFor(c => c.OutOfHoursTemplate!.Name).NotEmpty().MaximumLength(OutOfHoursTemplate.MaxNameLength).OverridePropertyName("outOfHoursTemplate.name");
            RuleFor(c => c.OutOfHoursTemplate!.Language).NotEmpty().MaximumLength(OutOfHoursTemplate.MaxLanguageLength).OverridePropertyName("outOfHoursTemplate.language");
            RuleFor(c => c.OutOfHoursTemplate!.Variables)
                .Must(v => v is null || new OutOfHoursTemplate("t", "es", v).Problems().Count == 0)
                .WithMessage($"'outOfHoursTemplate.variables' maps at most {OutOfHoursTemplate.MaxVariables} variables (body.1, header.1, button.0) to contact.name or text:<value> (at most {OutOfHoursTemplate.MaxSourceLength} characters).")
                .OverridePropertyName("outOfHoursTemplate.variables");
        });
        RuleFor(c => c.Holidays)
            .Must(h => h is null || h.Count <= BusinessHours.MaxHolidays)
            .WithMessage($"'{{PropertyName}}' must have at most {BusinessHours.MaxHolidays} dates.");
        RuleFor(c => c.Holidays).Must(h => h is null || h.All(d => d is not null)).WithMessage("'{PropertyName}' must not hold null dates.");
        RuleForEach(c => c.Holidays).ChildRules(holiday =>
        {
            holiday.RuleFor(h => h.Date).NotNull();
            holiday.RuleFor(h => h.Name)
                .MaximumTextLength(BusinessHours.MaxHolidayNameLength)
                .Must(CommonRules.NoControlCharacters).WithMessage("'{PropertyName}' must not contain control characters.")
                .Must(HiddenCharacters.AreAbsent).WithMessage(CommonRules.HiddenCharactersMessage);
            holiday.RuleFor(h => h.Hours)
                .Must(r => r is null || r.Count <= BusinessHours.MaxRangesPerDay)
                .WithMessage($"'{{PropertyName}}' must have at most {BusinessHours.MaxRangesPerDay} ranges.");
            holiday.RuleFor(h => h.Hours).Must(r => r is null || r.All(x => x is not null)).WithMessage("'{PropertyName}' must not hold null ranges.");
            holiday.RuleForEach(h => h.Hours).ChildRules(range =>
            {
                range.RuleFor(r => r.Start).NotEmpty().Must(t => BusinessHoursMapper.Minutes(t) is not null).WithMessage(TimeMessage);
                range.RuleFor(r => r.End).NotEmpty().Must(t => BusinessHoursMapper.Minutes(t) is not null).WithMessage(TimeMessage);
            });
        });

        RuleFor(c => c.OutOfHoursReply)
            .MaximumTextLength(BusinessHours.MaxOutOfHoursReplyLength)
            .Must(r => r is null || r.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.")
            .Must(CommonRules.NoControlCharactersExceptNewlines).WithMessage("'{PropertyName}' must not contain control characters other than line breaks and tabs.")
            .Must(HiddenCharacters.AreAbsent).WithMessage(CommonRules.HiddenCharactersMessage);

        // Once every field reads, the rules of the hours as a whole: ranges in order without overlap, dates once.
        RuleFor(c => c).Custom((command, context) =>
        {
            if (SetQueueBusinessHoursCommandHandler.ToDomain(command) is not var (weekly, holidays))
            {
                return;
            }

            foreach (var problem in BusinessHours.Problems(command.TimeZone, weekly, holidays))
            {
                if (!problem.StartsWith("timeZone", StringComparison.Ordinal))
                {
                    context.AddFailure(problem.StartsWith("holiday", StringComparison.Ordinal) ? "holidays" : "weekly", problem);
                }
            }
        });
    }
}
