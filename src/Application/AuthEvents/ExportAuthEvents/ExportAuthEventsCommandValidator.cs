using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.AuthEvents.ExportAuthEvents;

internal sealed class ExportAuthEventsCommandValidator : AbstractValidator<ExportAuthEventsCommand>
{
    public ExportAuthEventsCommandValidator()
    {
        RuleFor(q => q.Type).Must(t => t is null || Enum.IsDefined(t.Value)).WithMessage("'Type' has an unknown value.");
        this.ValidTimeRange(q => q.From, q => q.To);
    }
}
