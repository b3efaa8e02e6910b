using FluentValidation;

namespace WhatsSuite.Application.QuickReplies.UpdateQuickReply;

internal sealed class UpdateQuickReplyCommandValidator : AbstractValidator<UpdateQuickReplyCommand>
{
    public UpdateQuickReplyCommandValidator()
    {
        RuleFor(c => c.Shortcut).ValidShortcut();
        RuleFor(c => c.Title).ValidTitle();
        RuleFor(c => c.Text).ValidText();
    }
}
