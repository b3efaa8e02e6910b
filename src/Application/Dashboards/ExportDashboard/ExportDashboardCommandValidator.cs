using FluentValidation;

namespace WhatsSuite.Application.Dashboards.ExportDashboard;

internal sealed class ExportDashboardCommandValidator : AbstractValidator<ExportDashboardCommand>
{
    public ExportDashboardCommandValidator()
    {
        RuleFor(c => c.View)
            .Must(view => view is not null && ExportDashboardCommand.Views.Contains(view))
            .WithMessage("'view' must be one of: " + string.Join(", ", ExportDashboardCommand.Views) + ".");
        RuleFor(c => c.Level)
            .Must(level => level is not null && DrilldownLevels.ByName.ContainsKey(level))
            .When(c => c.View == "drilldown")
            .WithMessage("'level' must be one of: " + string.Join(", ", DrilldownLevels.ByName.Keys) + ".");
        RuleFor(c => c.Level)
            .Null()
            .When(c => c.View != "drilldown")
            .WithMessage("'level' is only for the drilldown view.");
        this.ValidDashboardRequest();
    }
}
