using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.AuditLogs.ListAuditLogs;

internal sealed class ListAuditLogsQueryValidator : AbstractValidator<ListAuditLogsQuery>
{
    public ListAuditLogsQueryValidator()
    {
        RuleFor(q => q.ActorId).ValidSearch();
        RuleFor(q => q.Action).ValidSearch();
        RuleFor(q => q.Outcome).Must(o => o is null || Enum.IsDefined(o.Value)).WithMessage("'Outcome' has an unknown value.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
        this.ValidTimeRange(q => q.From, q => q.To);
    }
}
