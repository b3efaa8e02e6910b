using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Connections.CreateConnection;

internal sealed class CreateConnectionCommandValidator : AbstractValidator<CreateConnectionCommand>
{
    public CreateConnectionCommandValidator()
    {
        RuleFor(c => c.Name).ValidConnectionName();
        RuleFor(c => c.Provider).NotNull().KnownProvider();
        RuleFor(c => c.PhoneNumberId).ValidIdentifier();
        RuleFor(c => c.WabaId).ValidIdentifier();
        RuleFor(c => c.DisplayNumber).ValidPhoneNumber();
        RuleFor(c => c.AccessToken).ValidSecret(ConnectionRules.MaxAccessTokenLength);
        RuleFor(c => c.AppSecret).ValidSecret(ConnectionRules.MaxAppSecretLength);
        RuleFor(c => c.SendRateLimitPerSecond).ValidSendRateLimit();
        RuleFor(c => c.MetaAppId).ValidMetaAppId();
        When(c => c.Provider == ConnectionProvider.CloudApi, () =>
        {
            RuleFor(c => c.PhoneNumberId).NotEmpty();
            RuleFor(c => c.AccessToken).NotEmpty();

            // A number of a Meta app that has connections may take the app's secret.
            RuleFor(c => c.AppSecret).NotEmpty().When(c => string.IsNullOrWhiteSpace(c.MetaAppId));
        });
    }
}
