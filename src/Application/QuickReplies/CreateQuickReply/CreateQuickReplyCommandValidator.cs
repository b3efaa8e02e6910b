using FluentValidation;

namespace WhatsSuite.Application.QuickReplies.CreateQuickReply;

internal sealed class CreateQuickReplyCommandValidator : AbstractValidator<CreateQuickReplyCommand>
{
    public CreateQuickReplyCommandValidator()
    {
        RuleFor(c => c.Shortcut).ValidShortcut();
        RuleFor(c => c.Title).ValidTitle();
        RuleFor(c => c.Text).ValidText();
    }
}
