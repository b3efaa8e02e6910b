using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Exports.ListConversationExports;

internal sealed class ListConversationExportsQueryValidator : AbstractValidator<ListConversationExportsQuery>
{
    public ListConversationExportsQueryValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
