using FluentValidation;
using Mediator;
using WhatsSuite.Application.Campaigns.ImportCampaignAudience;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Campaigns.PreviewCampaignAudienceFile;

/// <summary>The same reading as <see cref="ImportCampaignAudienceCommand"/>, answered without storing anything.</summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record PreviewCampaignAudienceFileQuery(Guid CampaignId, Stream Content, string? PhoneColumn) : IQuery<Result<CampaignAudienceFileDto>>;

internal sealed class PreviewCampaignAudienceFileQueryHandler(AudienceFileImporter importer)
    : IQueryHandler<PreviewCampaignAudienceFileQuery, Result<CampaignAudienceFileDto>>
{
    public ValueTask<Result<CampaignAudienceFileDto>> Handle(PreviewCampaignAudienceFileQuery query, CancellationToken cancellationToken) =>
        new(importer.RunAsync(query.CampaignId, query.Content, query.PhoneColumn, store: false, cancellationToken));
}

internal sealed class PreviewCampaignAudienceFileQueryValidator : AbstractValidator<PreviewCampaignAudienceFileQuery>
{
    public PreviewCampaignAudienceFileQueryValidator() => RuleFor(c => c.PhoneColumn).MaximumLength(AudienceFileImporter.MaxColumnNameLength);
}
