using FluentValidation;

namespace WhatsSuite.Application.Dashboards.GetDashboardQueues;

internal sealed class GetDashboardQueuesQueryValidator : AbstractValidator<GetDashboardQueuesQuery>
{
    public GetDashboardQueuesQueryValidator() => this.ValidDashboardRequest();
}
