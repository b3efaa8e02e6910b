using FluentValidation;

namespace WhatsSuite.Application.Dashboards.GetDashboardDrilldown;

internal sealed class GetDashboardDrilldownQueryValidator : AbstractValidator<GetDashboardDrilldownQuery>
{
    public GetDashboardDrilldownQueryValidator()
    {
        RuleFor(q => q.Level)
            .Must(level => level is not null && DrilldownLevels.ByName.ContainsKey(level))
            .WithMessage("'level' must be one of: " + string.Join(", ", DrilldownLevels.ByName.Keys) + ".");
        this.ValidDashboardRequest();
    }
}
