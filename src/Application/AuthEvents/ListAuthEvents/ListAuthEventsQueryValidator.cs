using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.AuthEvents.ListAuthEvents;

internal sealed class ListAuthEventsQueryValidator : AbstractValidator<ListAuthEventsQuery>
{
    public ListAuthEventsQueryValidator()
    {
        RuleFor(q => q.Type).Must(t => t is null || Enum.IsDefined(t.Value)).WithMessage("'Type' has an unknown value.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
        this.ValidTimeRange(q => q.From, q => q.To);
    }
}
