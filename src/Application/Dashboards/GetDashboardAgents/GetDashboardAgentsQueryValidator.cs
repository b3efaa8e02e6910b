using FluentValidation;

namespace WhatsSuite.Application.Dashboards.GetDashboardAgents;

internal sealed class GetDashboardAgentsQueryValidator : AbstractValidator<GetDashboardAgentsQuery>
{
    public GetDashboardAgentsQueryValidator() => this.ValidDashboardRequest();
}
