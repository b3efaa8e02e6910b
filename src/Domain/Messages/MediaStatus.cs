namespace WhatsSuite.Domain.Messages;

/// <summary>Where the file of a media message stands. A message without media has none.</summary>
public enum MediaStatus
{
    /// <summary>Waiting for its download (or between download attempts).</summary>
    Pending = 1,

    /// <summary>Stored and checked; it can be served.</summary>
    Available = 2,

    /// <summary>Every download attempt failed; an administrator may retry it.</summary>
    Failed = 3,

    /// <summary>The bytes failed a check (checksum, type, size, allow-list); never served.</summary>
    Quarantined = 4,
}
