namespace WhatsSuite.Application.Common.Exceptions;

/// <summary>
/// This instance has no capacity left for the work (every password-verification slot busy and the short
/// queue full or timed out). The API answers <c>503 overloaded</c> with <c>Retry-After</c>, like the
/// HTTP backpressure.
/// </summary>
public sealed class ServiceOverloadedException : Exception
{
    public ServiceOverloadedException()
    {
    }

    public ServiceOverloadedException(string message)
        : base(message)
    {
    }

    public ServiceOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
