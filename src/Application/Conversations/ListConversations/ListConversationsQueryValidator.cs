using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Conversations.ListConversations;

internal sealed class ListConversationsQueryValidator : AbstractValidator<ListConversationsQuery>
{
    public ListConversationsQueryValidator()
    {
        RuleFor(q => q.Status)
            .Must(s => s is null || Enum.GetNames<ConversationStatus>().Contains(s, StringComparer.Ordinal))
            .WithMessage("'{PropertyName}' must be UNASSIGNED, OPEN or CLOSED.");
        RuleFor(q => q.Search).ValidSearch();
        RuleFor(q => q.Search)
            .Must(s => string.IsNullOrWhiteSpace(s) || ConversationSearchText.SignificantLength(s) >= ConversationSearchText.MinTermLength)
            .WithMessage($"'{{PropertyName}}' must have at least {ConversationSearchText.MinTermLength} letters or digits.");
        RuleFor(q => q.Cursor)
            .Must(c => c is null || ConversationCursor.TryDecode(c, out _, out _))
            .WithMessage("'{PropertyName}' is not a cursor this list gave out.");
        RuleFor(q => q.Limit).InclusiveBetween(1, ListConversationsQuery.MaxLimit);
        RuleFor(q => q.ReferralSourceType).MaximumLength(Referral.MaxSourceTypeLength).Must(CommonRules.NoControlCharacters)
            .WithMessage("'{PropertyName}' must not contain control characters.");
        RuleFor(q => q.ReferralSourceId).MaximumLength(Referral.MaxSourceIdLength).Must(CommonRules.NoControlCharacters)
            .WithMessage("'{PropertyName}' must not contain control characters.");
    }
}
