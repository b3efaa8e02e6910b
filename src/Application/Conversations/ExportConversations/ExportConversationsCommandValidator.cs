using FluentValidation;
using WhatsSuite.Application.Dashboards;
using WhatsSuite.Domain.Contacts;
using WhatsSuite.Domain.Conversations;
using WhatsSuite.Domain.Exports;

namespace WhatsSuite.Application.Conversations.ExportConversations;

internal sealed class ExportConversationsCommandValidator : AbstractValidator<ExportConversationsCommand>
{
    public ExportConversationsCommandValidator()
    {
        RuleFor(c => c.Format)
            .Must(f => ConversationExportReader.TryParseFormat(f, out _))
            .WithMessage("'{PropertyName}' must be json, csv or html.");
        RuleFor(c => c.Phone)
            .Must(p => p is null || PhoneNumber.TryNormalize(p, out _))
            .WithMessage("'{PropertyName}' must be a phone number in international form.");
        RuleFor(c => c.Status)
            .Must(s => s is null || Enum.GetNames<ConversationStatus>().Contains(s, StringComparer.Ordinal))
            .WithMessage("'{PropertyName}' must be UNASSIGNED, OPEN or CLOSED.");
        RuleFor(c => c.TimeZone)
            .Must(tz => DashboardPeriod.FindZone(tz) is not null)
            .OverridePropertyName("tz")
            .WithMessage("'tz' must be an IANA time zone such as Europe/Madrid or America/Mexico_City.");
        RuleFor(c => c.TimeZone)
            .MaximumLength(ConversationExportFile.MaxTimeZoneLength)
            .OverridePropertyName("tz");
        RuleFor(c => c.Origin)
            .NotEmpty()
            .MaximumLength(ConversationExportFile.MaxOriginLength)
            .WithMessage("The address the API was reached at is too long.");
        RuleFor(c => c.From)
            .Must((c, from) => from is null || c.To is null || from <= c.To)
            .OverridePropertyName("from")
            .WithMessage("'from' must not be after 'to'.");
    }
}
