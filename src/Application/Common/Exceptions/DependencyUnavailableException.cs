namespace WhatsSuite.Application.Common.Exceptions;

/// <summary>
/// A service WhatsSuite depends on (Redis) did not answer in time, or its circuit breaker is open. The API
/// answers <c>503 dependency_unavailable</c> with <c>Retry-After</c>; callers that can do without the
/// dependency (rate-limit counters) catch it and go on.
/// </summary>
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException()
    {
    }

    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
