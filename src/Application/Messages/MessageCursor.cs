using System.Buffers.Binary;
using System.Buffers.Text;

namespace WhatsSuite.Application.Messages;

/// <summary>
/// The position after the last message of a page, opaque to clients: base64url of the message's
/// <c>SentAt</c> (UTC ticks) and id. Pages continue strictly after it in (<c>SentAt</c>, <c>Id</c>) order.
/// </summary>
public readonly record struct MessageCursor(DateTimeOffset SentAt, Guid Id)
{
    private const int Length = sizeof(long) + 16;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, SentAt.UtcTicks);
        Id.TryWriteBytes(bytes[sizeof(long)..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? value, out MessageCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 64 || !Base64Url.IsValid(value))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[48];
        if (!Base64Url.TryDecodeFromChars(value, bytes, out var written) || written != Length)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new MessageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.Slice(sizeof(long), 16), bigEndian: true));
        return true;
    }
}
