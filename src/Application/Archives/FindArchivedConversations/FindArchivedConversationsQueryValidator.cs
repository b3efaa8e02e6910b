using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Archives.FindArchivedConversations;

internal sealed class FindArchivedConversationsQueryValidator : AbstractValidator<FindArchivedConversationsQuery>
{
    public FindArchivedConversationsQueryValidator()
    {
        When(q => q.Phone is not null, () => RuleFor(q => q.Phone!).ValidPhoneNumber());
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
        this.ValidTimeRange(q => q.From, q => q.To);
    }
}
