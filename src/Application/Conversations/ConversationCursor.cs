using System.Buffers.Binary;
using System.Buffers.Text;

namespace WhatsSuite.Application.Conversations;

/// <summary>
/// The opaque keyset cursor of conversation lists: the (<c>UpdatedAt</c>, <c>Id</c>) of the last item of a
/// page, as base64url of 8 bytes of UTC ticks (big-endian) and the 16 bytes of the id.
/// </summary>
public static class ConversationCursor
{
    private const int Length = 24;

    public static string Encode(DateTimeOffset updatedAt, Guid id)
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, updatedAt.UtcTicks);
        id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// The list's order (<c>UpdatedAt</c>, then <c>Id</c>, descending) applied in memory, as the database applies it: ids
    /// compare as their 16 bytes in RFC order, as PostgreSQL compares a <c>uuid</c> and SQLite the upper-case text EF Core
    /// stores, so keys that tie on <c>UpdatedAt</c> make the page the database would make.
    /// </summary>
    public static IComparer<(DateTimeOffset UpdatedAt, Guid Id)> NewestFirst { get; } = Comparer<(DateTimeOffset UpdatedAt, Guid Id)>.Create((x, y) =>
    {
        var byTime = y.UpdatedAt.CompareTo(x.UpdatedAt);
        if (byTime != 0)
        {
            return byTime;
        }

        Span<byte> left = stackalloc byte[16];
        Span<byte> right = stackalloc byte[16];
        x.Id.TryWriteBytes(left, bigEndian: true, out _);
        y.Id.TryWriteBytes(right, bigEndian: true, out _);
        return right.SequenceCompareTo(left);
    });

    /// <summary>False for anything that is not a cursor this API gave out.</summary>
    public static bool TryDecode(string? cursor, out DateTimeOffset updatedAt, out Guid id)
    {
        updatedAt = default;
        id = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[48];
        if (Base64Url.DecodeFromChars(cursor, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != cursor.Length || written != Length)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        updatedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        id = new Guid(bytes[8..Length], bigEndian: true);
        return true;
    }
}
