namespace WhatsSuite.Domain.Messages;

/// <summary>The message types WhatsSuite stores, named as in the Cloud API's <c>type</c> field.</summary>
public static class MessageTypes
{
    public const string Text = "text";
    public const string Image = "image";
    public const string Audio = "audio";
    public const string Video = "video";
    public const string Document = "document";
    public const string Sticker = "sticker";
    public const string Location = "location";
    public const string Contacts = "contacts";
    public const string Interactive = "interactive";
    public const string Button = "button";
    public const string Reaction = "reaction";
    public const string Template = "template";

    /// <summary>A catalog order: catalog id, product items with quantities and prices, an optional note.</summary>
    public const string Order = "order";

    /// <summary>A notice from WhatsApp about the customer (<c>user_changed_number</c>, <c>user_changed_user_id</c>), not written by them.</summary>
    public const string System = "system";

    /// <summary>A type WhatsSuite does not know: stored with its raw payload, never dropped.</summary>
    public const string Unsupported = "unsupported";

    public static readonly IReadOnlySet<string> Media = new HashSet<string>(StringComparer.Ordinal) { Image, Audio, Video, Document, Sticker };

    public static readonly IReadOnlySet<string> Inbound = new HashSet<string>(StringComparer.Ordinal)
    {
        Text, Image, Audio, Video, Document, Sticker, Location, Contacts, Interactive, Button, Reaction, Order, System,
    };
}
