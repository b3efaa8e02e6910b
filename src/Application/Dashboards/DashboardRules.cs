using FluentValidation;

namespace WhatsSuite.Application.Dashboards;

/// <summary>The validation every dashboard request shares: a known IANA time zone and an ordered, bounded date range.</summary>
public static class DashboardRules
{
    public static void ValidDashboardRequest<T>(this AbstractValidator<T> validator)
        where T : IDashboardRequest
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(r => r.TimeZone)
            .Must(tz => DashboardPeriod.FindZone(tz) is not null)
            .OverridePropertyName("tz")
            .WithMessage("'tz' must be an IANA time zone such as Europe/Madrid or America/Mexico_City.");
        validator.RuleFor(r => r.From)
            .Must((r, from) => from is null || r.To is null || from <= r.To)
            .OverridePropertyName("from")
            .WithMessage("'from' must not be after 'to'.");
        validator.RuleFor(r => r.From)
            .Must((r, from) => from is null || r.To is null || r.To.Value.DayNumber - from.Value.DayNumber < DashboardPeriod.MaxDays)
            .OverridePropertyName("from")
            .WithMessage($"The period may cover at most {DashboardPeriod.MaxDays} days.");
        validator.RuleFor(r => r.From)
            .Must((r, from) => from is null || r.To is not null)
            .OverridePropertyName("to")
            .WithMessage("'to' is required when 'from' is given.");
    }
}
