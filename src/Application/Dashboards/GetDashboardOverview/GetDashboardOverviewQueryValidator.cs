using FluentValidation;

namespace WhatsSuite.Application.Dashboards.GetDashboardOverview;

internal sealed class GetDashboardOverviewQueryValidator : AbstractValidator<GetDashboardOverviewQuery>
{
    public GetDashboardOverviewQueryValidator() => this.ValidDashboardRequest();
}
