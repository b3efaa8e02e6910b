using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Sandbox;

/// <summary>Errors of the sandbox use cases.</summary>
public static class SandboxErrors
{
    /// <summary>Also the answer when the sandbox is off (<c>SANDBOX_ENABLED</c>) or the connection is not a sandbox one.</summary>
    public static Error ConnectionNotFound(Guid id) =>
        Error.NotFound("sandbox.connection_not_found", $"Sandbox connection '{id}' does not exist.");
}
