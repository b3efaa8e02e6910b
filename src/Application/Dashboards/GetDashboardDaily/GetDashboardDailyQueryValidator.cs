using FluentValidation;

namespace WhatsSuite.Application.Dashboards.GetDashboardDaily;

internal sealed class GetDashboardDailyQueryValidator : AbstractValidator<GetDashboardDailyQuery>
{
    public GetDashboardDailyQueryValidator() => this.ValidDashboardRequest();
}
