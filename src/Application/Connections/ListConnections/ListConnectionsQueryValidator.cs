using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Connections.ListConnections;

internal sealed class ListConnectionsQueryValidator : AbstractValidator<ListConnectionsQuery>
{
    public ListConnectionsQueryValidator()
    {
        RuleFor(q => q.Search).ValidSearch();
        RuleFor(q => q.Status)
            .Must(s => s is null || ConnectionRules.TryParseStatus(s, out _))
            .WithMessage("'{PropertyName}' must be active, invalid_credentials or disabled.");
        RuleFor(q => q.Provider)
            .Must(p => p is null || ConnectionRules.TryParseProvider(p, out _))
            .WithMessage("'{PropertyName}' must be cloud_api or sandbox.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
