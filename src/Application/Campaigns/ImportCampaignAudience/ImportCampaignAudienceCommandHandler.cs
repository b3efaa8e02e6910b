using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Campaigns.ImportCampaignAudience;

internal sealed class ImportCampaignAudienceCommandHandler(AudienceFileImporter importer)
    : ICommandHandler<ImportCampaignAudienceCommand, Result<CampaignAudienceFileDto>>
{
    public ValueTask<Result<CampaignAudienceFileDto>> Handle(ImportCampaignAudienceCommand command, CancellationToken cancellationToken) =>
        new(importer.RunAsync(command.CampaignId, command.Content, command.PhoneColumn, store: true, cancellationToken));
}
