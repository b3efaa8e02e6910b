using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Connections.UpdateConnection;

internal sealed class UpdateConnectionCommandValidator : AbstractValidator<UpdateConnectionCommand>
{
    public UpdateConnectionCommandValidator()
    {
        RuleFor(c => c.Name).ValidConnectionName();
        RuleFor(c => c.PhoneNumberId).NotEmpty().ValidIdentifier();
        RuleFor(c => c.WabaId).ValidIdentifier();
        RuleFor(c => c.DisplayNumber).ValidPhoneNumber();
        RuleFor(c => c.SendRateLimitPerSecond).NotNull().ValidSendRateLimit();
        RuleFor(c => c.Enabled).NotNull();
        RuleFor(c => c.AccessToken).ValidSecret(ConnectionRules.MaxAccessTokenLength);
        RuleFor(c => c.AppSecret).ValidSecret(ConnectionRules.MaxAppSecretLength);
        RuleFor(c => c.MetaAppId).ValidMetaAppId();
    }
}
