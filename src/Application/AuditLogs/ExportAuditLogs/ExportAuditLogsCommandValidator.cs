using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.AuditLogs.ExportAuditLogs;

internal sealed class ExportAuditLogsCommandValidator : AbstractValidator<ExportAuditLogsCommand>
{
    public ExportAuditLogsCommandValidator()
    {
        RuleFor(q => q.ActorId).ValidSearch();
        RuleFor(q => q.Action).ValidSearch();
        RuleFor(q => q.Outcome).Must(o => o is null || Enum.IsDefined(o.Value)).WithMessage("'Outcome' has an unknown value.");
        this.ValidTimeRange(q => q.From, q => q.To);
    }
}
