using System.Diagnostics.CodeAnalysis;

namespace WhatsSuite.Application.Common.Results;

/// <summary>Non-generic view of a result, used by the pipeline behaviors to read the outcome.</summary>
public interface IResultState
{
    bool IsSuccess { get; }

    Error? Error { get; }
}

/// <summary>Creates a failed result of a given result type; implemented by <see cref="Result{T}"/>.</summary>
public interface IFailureFactory<out TSelf>
{
    static abstract TSelf Failure(Error error);
}

/// <summary>The outcome of a command or query: a value, or an expected <see cref="Results.Error"/>.</summary>
public readonly struct Result<T> : IResultState, IFailureFactory<Result<T>>
{
    private readonly T? _value;

    private Result(T value)
    {
        _value = value;
        Error = null;
    }

    private Result(Error error)
    {
        _value = default;
        Error = error;
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public Error? Error { get; }

    /// <summary>The value of a successful result. Reading it on a failure is a bug and throws.</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Result is a failure ({Error.Code}).");

    public static Result<T> Success(T value) => new(value);

    public static Result<T> Failure(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Result<T>(error);
    }

    // Implicit conversions keep handlers terse; Success/Failure are the named alternatives.
    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
}
