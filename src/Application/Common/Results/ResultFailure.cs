using System.Reflection;

namespace WhatsSuite.Application.Common.Results;

/// <summary>
/// Builds a failed <typeparamref name="TResponse"/> from a pipeline behavior, which only knows the response
/// type as an open generic. The factory is resolved once per response type and cached.
/// </summary>
internal static class ResultFailure<TResponse>
{
    private static readonly Func<Error, TResponse>? Factory = CreateFactory();

    public static bool IsSupported => Factory is not null;

    public static TResponse Create(Error error) =>
        Factory is null
            ? throw new InvalidOperationException($"{typeof(TResponse).Name} is not a Result<T>; every message must answer with Result<T>.")
            : Factory(error);

    private static Func<Error, TResponse>? CreateFactory()
    {
        var type = typeof(TResponse);
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Result<>))
        {
            return null;
        }

        var method = type.GetMethod(nameof(Result<object>.Failure), BindingFlags.Public | BindingFlags.Static, [typeof(Error)])!;
        return method.CreateDelegate<Func<Error, TResponse>>();
    }
}
