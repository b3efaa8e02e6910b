namespace WhatsSuite.Application.Common.Exceptions;

/// <summary>
/// Raised by persistence when a save breaks a unique index, so that a handler can answer 409 for the
/// race that its own existence check could not see.
/// </summary>
public sealed class UniqueConstraintViolationException : Exception
{
    public UniqueConstraintViolationException()
    {
    }

    public UniqueConstraintViolationException(string message)
        : base(message)
    {
    }

    public UniqueConstraintViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
