using FluentValidation;

namespace WhatsSuite.Application.Auth.RevokeSession;

internal sealed class RevokeSessionCommandValidator : AbstractValidator<RevokeSessionCommand>
{
    public RevokeSessionCommandValidator()
    {
        RuleFor(c => c.SessionId).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9_-]+$");
    }
}
