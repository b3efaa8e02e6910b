namespace WhatsSuite.Api.Infrastructure.HttpEdge;

/// <summary>
/// Marks an anonymous authentication endpoint (sign-in, its MFA step, token refresh, the dashboard's sign-in
/// form). Besides the general budgets, each request to one of them counts against the much smaller per-IP
/// sign-in budget (<c>RATE_LIMIT_AUTH_*</c>), because each may cost a password verification.
/// </summary>
internal sealed class SignInBudget
{
    public static readonly SignInBudget Instance = new();

    private SignInBudget()
    {
    }
}

internal static class SignInBudgetExtensions
{
    /// <summary>Counts the endpoint's requests against the per-IP sign-in budget.</summary>
    public static TBuilder WithSignInBudget<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(SignInBudget.Instance);
}
