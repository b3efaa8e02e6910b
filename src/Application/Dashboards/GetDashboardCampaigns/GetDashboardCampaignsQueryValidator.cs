using FluentValidation;

namespace WhatsSuite.Application.Dashboards.GetDashboardCampaigns;

internal sealed class GetDashboardCampaignsQueryValidator : AbstractValidator<GetDashboardCampaignsQuery>
{
    public GetDashboardCampaignsQueryValidator() => this.ValidDashboardRequest();
}
