using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Queues.ListQueues;

internal sealed class ListQueuesQueryValidator : AbstractValidator<ListQueuesQuery>
{
    public ListQueuesQueryValidator()
    {
        RuleFor(q => q.Search).ValidSearch();
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
