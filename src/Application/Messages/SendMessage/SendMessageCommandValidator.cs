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

    /// <summary>The longest media caption WhatsApp takes.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>The longest document file name accepted (the stored name's column holds 256).</summary>
    public const int MaxFileNameLength = 240;

    public SendMessageCommandValidator()
    {
        RuleFor(c => c.Type)
            .NotEmpty()
            .Must(t => t is not null && SendMessageCommand.Types.Contains(t))
            .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", SendMessageCommand.Types)}.");

        When(c => !SendMessageCommand.IsMediaType(c.Type), () =>
            RuleFor(c => c.Media).Null().WithMessage("'{PropertyName}' is only for messages of a media type (image, audio, video, document, sticker)."));

        When(c => SendMessageCommand.IsMediaType(c.Type), () =>
        {
            RuleFor(c => c.Text).Null().WithMessage("'{PropertyName}' is only for messages of type 'text'; a media message's text is its media.caption.");
            RuleFor(c => c.PreviewUrl).Null().WithMessage("'{PropertyName}' is only for messages of type 'text'.");
            RuleFor(c => c.Template).Null().WithMessage("'{PropertyName}' is only for messages of type 'template'.");
            RuleFor(c => c.Media).NotNull();
            RuleFor(c => c.Media!.UploadId)
                .NotEmpty()
                .When(c => c.Media is not null)
                .OverridePropertyName("media.uploadId");
            RuleFor(c => c.Media!.Caption)
                .Must(t => t is null || t.Trim().Length > 0).WithMessage("'{PropertyName}' must not be blank.")
                .MaximumTextLength(MaxCaptionLength)
                .Must(NoForbiddenControlCharacters).WithMessage("'{PropertyName}' must not contain control characters other than line breaks and tabs.")
                .When(c => c.Media is not null)
                .OverridePropertyName("media.caption");
            RuleFor(c => c.Media!.Caption)
                .Null().WithMessage("WhatsApp shows no caption on audio or stickers: leave '{PropertyName}' out.")
                .When(c => c.Media is not null && c.Type is MessageTypes.Audio or MessageTypes.Sticker)
                .OverridePropertyName("media.caption");
            RuleFor(c => c.Media!.FileName)
                .Must(n => n is null || (n.Trim().Length > 0 && n.Length <= MaxFileNameLength && !n.Any(c => char.IsControl(c) || c is '/' or '\\')))
                .WithMessage($"'{{PropertyName}}' must be a plain file name of at most {MaxFileNameLength} characters, without path separators or control characters.")
                .When(c => c.Media is not null)
                .OverridePropertyName("media.fileName");
            RuleFor(c => c.Media!.FileName)
                .Null().WithMessage("'{PropertyName}' is only for documents.")
                .When(c => c.Media is not null && c.Type != MessageTypes.Document)
                .OverridePropertyName("media.fileName");
        });

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
