using Mediator;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Campaigns.GetCampaignProgress;

/// <summary>The campaign's progress as <see cref="CampaignProgressReader"/> reads it from the ledger.</summary>
internal sealed class GetCampaignProgressQueryHandler(CampaignProgressReader reader)
    : IQueryHandler<GetCampaignProgressQuery, Result<CampaignProgressDto>>
{
    public async ValueTask<Result<CampaignProgressDto>> Handle(GetCampaignProgressQuery query, CancellationToken cancellationToken) =>
        await reader.ReadAsync(query.CampaignId, cancellationToken) is { } progress ? progress : CampaignErrors.NotFound(query.CampaignId);
}
