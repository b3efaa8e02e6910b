using FluentValidation;

namespace WhatsSuite.Application.Templates.SyncTemplates;

internal sealed class SyncTemplatesCommandValidator : AbstractValidator<SyncTemplatesCommand>
{
    public SyncTemplatesCommandValidator() => RuleFor(c => c.ConnectionId).NotEmpty();
}
