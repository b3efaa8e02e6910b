using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Campaigns.ListCampaignRecipients;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Campaigns.ExportCampaignRecipients;

internal sealed class ExportCampaignRecipientsCommandHandler(IApplicationDbContext db)
    : ICommandHandler<ExportCampaignRecipientsCommand, Result<CampaignRecipientExport>>
{
    public async ValueTask<Result<CampaignRecipientExport>> Handle(ExportCampaignRecipientsCommand command, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == command.CampaignId).Select(c => new { c.Id, c.Name }).SingleOrDefaultAsync(cancellationToken);
        if (campaign is null)
        {
            return CampaignErrors.NotFound(command.CampaignId);
        }

        var rows = CampaignRecipientFilters.Apply(db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == command.CampaignId), command.Filter);
        return new CampaignRecipientExport(
            string.Create(CultureInfo.InvariantCulture, $"campaign-{campaign.Id:N}-recipients.csv"),
            CampaignRecipientFilters.Project(rows.OrderBy(r => r.Id)).AsAsyncEnumerable());
    }
}
