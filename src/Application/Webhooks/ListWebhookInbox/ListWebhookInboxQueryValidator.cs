using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Webhooks.ListWebhookInbox;

internal sealed class ListWebhookInboxQueryValidator : AbstractValidator<ListWebhookInboxQuery>
{
    public ListWebhookInboxQueryValidator()
    {
        RuleFor(q => q.Status)
            .Must(s => s is null || InboxStatusNames.TryParse(s, out _))
            .WithMessage("'{PropertyName}' must be pending, processed or failed.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
