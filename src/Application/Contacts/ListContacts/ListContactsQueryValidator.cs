using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Application.Conversations;

namespace WhatsSuite.Application.Contacts.ListContacts;

internal sealed class ListContactsQueryValidator : AbstractValidator<ListContactsQuery>
{
    public ListContactsQueryValidator()
    {
        RuleFor(q => q.Q).ValidSearch();
        RuleFor(q => q.Q)
            .Must(q => string.IsNullOrWhiteSpace(q) || ConversationSearchText.SignificantLength(q) >= ConversationSearchText.MinTermLength)
            .WithMessage($"'{{PropertyName}}' must have at least {ConversationSearchText.MinTermLength} letters or digits.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
