using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.QuickReplies.ListQuickReplies;

internal sealed class ListQuickRepliesQueryValidator : AbstractValidator<ListQuickRepliesQuery>
{
    public ListQuickRepliesQueryValidator()
    {
        RuleFor(q => q.Search).ValidSearch();
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
