using FluentValidation;

namespace WhatsSuite.Application.Messages.ListMessages;

internal sealed class ListMessagesQueryValidator : AbstractValidator<ListMessagesQuery>
{
    public ListMessagesQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListMessagesQuery.MaxLimit);
        RuleFor(q => q.Cursor)
            .Must(c => c is null || MessageCursor.TryDecode(c, out _))
            .WithMessage("'{PropertyName}' is not a cursor returned by this endpoint.");
    }
}
