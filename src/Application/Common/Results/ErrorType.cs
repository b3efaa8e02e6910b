namespace WhatsSuite.Application.Common.Results;

/// <summary>The kinds of expected failure. The Api maps each one to exactly one HTTP status.</summary>
public enum ErrorType
{
    /// <summary>Input failed validation (400).</summary>
    Validation = 1,

    /// <summary>No valid credentials or session (401).</summary>
    Unauthorized = 2,

    /// <summary>Authenticated but not allowed (403).</summary>
    Forbidden = 3,

    /// <summary>The target does not exist or is not visible to the caller (404).</summary>
    NotFound = 4,

    /// <summary>The request conflicts with current state (409).</summary>
    Conflict = 5,

    /// <summary>Well-formed but breaks a business rule (422).</summary>
    Unprocessable = 6,

    /// <summary>The target is temporarily locked, for example an account after repeated failed logins (423).</summary>
    Locked = 7,

    /// <summary>Too many attempts in a short time, for example sign-ins for one e-mail (429, with <c>Retry-After</c>).</summary>
    TooManyRequests = 8,
}
