namespace WhatsSuite.Application.Common.Results;

/// <summary>An expected failure: a stable machine code, a human message and, for validation, per-field messages.</summary>
public sealed record Error(string Code, string Message, ErrorType Type, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
{
    /// <summary>When set, the caller may retry after this long (sent as <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Extra members of the problem answer (for example the id of the conflicting resource).</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }

    public static Error Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new("validation_failed", "One or more fields are invalid.", ErrorType.Validation, fieldErrors);

    public static Error Unauthorized(string code, string message) => new(code, message, ErrorType.Unauthorized);

    public static Error Forbidden(string code, string message) => new(code, message, ErrorType.Forbidden);

    public static Error NotFound(string code, string message) => new(code, message, ErrorType.NotFound);

    public static Error Conflict(string code, string message) => new(code, message, ErrorType.Conflict);

    public static Error Unprocessable(string code, string message) => new(code, message, ErrorType.Unprocessable);

    public static Error Locked(string code, string message, TimeSpan retryAfter) => new(code, message, ErrorType.Locked) { RetryAfter = retryAfter };

    public static Error TooManyRequests(string code, string message, TimeSpan retryAfter) => new(code, message, ErrorType.TooManyRequests) { RetryAfter = retryAfter };
}
