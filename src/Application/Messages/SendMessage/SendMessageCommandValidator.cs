using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using WhatsSuite.Application.Common.Validation;
using WhatsSuite.Domain.Messages;

namespace WhatsSuite.Application.Messages.SendMessage;

internal sealed partial class SendMessageCommandValidator : AbstractValidator<SendMessageCommand>
{
    /// <summary>The largest components array accepted, serialized.</summary>
    public const int MaxComponentsLength = 16_384;

    public SendMessageCommandValidator()
    {
        RuleFor(c => c.Type)
            .NotEmpty()
            .Must(t => t is SendMessageCommand.TextType or SendMessageCommand.TemplateType)
            .WithMessage("'{PropertyName}' must be 'text' or 'template'.");

        When(c => c.Type == SendMessageCommand.TextType, () =>
        {
            RuleFor(c => c.Text)
                .NotEmpty()
                .Must(t => t is null || t.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.")
                .MaximumTextLength(Message.MaxTextLength)
                .Must(NoForbiddenControlCharacters).WithMessage("'{PropertyName}' must not contain control characters other than line breaks and tabs.");
            RuleFor(c => c.Template).Null().WithMessage("'{PropertyName}' is only for messages of type 'template'.");
        });

        When(c => c.Type == SendMessageCommand.TemplateType, () =>
        {
            RuleFor(c => c.Text).Null().WithMessage("'{PropertyName}' is only for messages of type 'text'; a template's text comes from its components.");
            RuleFor(c => c.PreviewUrl).Null().WithMessage("'{PropertyName}' is only for messages of type 'text'.");
            RuleFor(c => c.Template).NotNull();
            RuleFor(c => c.Template!.Name)
                .NotEmpty()
                .MaximumLength(512)
                .Must(n => n is null || TemplateName().IsMatch(n)).WithMessage("'{PropertyName}' must be a template name: lower-case letters, digits and underscores.")
                .When(c => c.Template is not null)
                .OverridePropertyName("template.name");
            RuleFor(c => c.Template!.Language)
                .NotEmpty()
                .Must(l => l is null || LanguageCode().IsMatch(l)).WithMessage("'{PropertyName}' must be a language code such as 'en', 'es' or 'pt_BR'.")
                .When(c => c.Template is not null)
                .OverridePropertyName("template.language");
            RuleFor(c => c.Template!.Components)
                .Must(c => c is null || c.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Null).WithMessage("'{PropertyName}' must be a JSON array.")
                .Must(c => c is null || c.Value.ValueKind != JsonValueKind.Array || c.Value.GetRawText().Length <= MaxComponentsLength)
                .WithMessage($"'{{PropertyName}}' must be at most {MaxComponentsLength} characters of JSON.")
                .When(c => c.Template is not null)
                .OverridePropertyName("template.components");
        });
    }

    private static bool NoForbiddenControlCharacters(string? value) =>
        value is null || !value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');

    [GeneratedRegex("^[a-z0-9_]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Za-z]{2,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();
}
