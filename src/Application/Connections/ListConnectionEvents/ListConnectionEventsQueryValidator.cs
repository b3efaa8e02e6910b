using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Connections.ListConnectionEvents;

internal sealed class ListConnectionEventsQueryValidator : AbstractValidator<ListConnectionEventsQuery>
{
    public ListConnectionEventsQueryValidator()
    {
        RuleFor(q => q.Field).MaximumLength(ConnectionEvent.MaxFieldLength).Must(CommonRules.NoControlCharacters)
            .WithMessage("'{PropertyName}' must not contain control characters.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
