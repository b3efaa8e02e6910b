using FluentValidation;

namespace WhatsSuite.Application.Dashboards.GetDashboardReport;

internal sealed class GetDashboardReportQueryValidator : AbstractValidator<GetDashboardReportQuery>
{
    public GetDashboardReportQueryValidator() => this.ValidDashboardRequest();
}
