using FluentValidation;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.ApiKeys;

namespace WhatsSuite.Application.ApiKeys.CreateApiKey;

internal sealed class CreateApiKeyCommandValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyCommandValidator(TimeProvider clock)
    {
        RuleFor(c => c.Name).NotEmpty().MaximumTextLength(ApiKey.MaxNameLength)
            .Must(CommonRules.NoControlCharacters).WithMessage("'Name' must not contain control characters.")
            .Must(CommonRules.NoMarkup).WithMessage("'Name' must not contain '<' or '>'.")
            .Must(HiddenCharacters.AreAbsent).WithMessage(CommonRules.HiddenCharactersMessage);
        RuleFor(c => c.Scopes).NotEmpty().Must(s => s is null || s.Count <= Scopes.All.Count);
        RuleForEach(c => c.Scopes).Must(s => s is not null && Scopes.All.Contains(s))
            .WithMessage(c => $"Unknown scope. Known scopes: {string.Join(", ", Scopes.All.Order(StringComparer.Ordinal))}.");
        RuleFor(c => c.Scopes).Must(s => s is null || !s.Contains(Scopes.UsersAdmin) || s.Contains(Scopes.UsersWrite))
            .WithMessage($"'{Scopes.UsersAdmin}' widens '{Scopes.UsersWrite}' and needs it on the same key.");
        RuleFor(c => c.ExpiresAt).Must(e => e is null || e > clock.GetUtcNow()).WithMessage("'Expires At' must be in the future.");
    }
}
