using FluentValidation;
using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Audit;

namespace WhatsSuite.Application.Common.Behaviors;

/// <summary>
/// Runs every FluentValidation validator of the message. Failures become one 400 with per-field errors
/// (camelCase field names, as the JSON bodies spell them); a refused command is audited as <c>invalid</c>.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators, ActorContext actorContext, IAuditTrail auditTrail)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = [.. validators];

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (_validators.Length == 0)
        {
            return await next(message, cancellationToken);
        }

        var context = new ValidationContext<TMessage>(message);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in _validators)
        {
            var result = await validator.ValidateAsync(context, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count == 0)
        {
            return await next(message, cancellationToken);
        }

        var fieldErrors = failures
            .GroupBy(f => ToCamelCase(f.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var error = Error.Validation(fieldErrors);

        if (message is IBaseCommand)
        {
            var target = message as IAuditTarget;
            await auditTrail.WriteAsync(
                new AuditEntry(actorContext.Current, MessageName<TMessage>.Action, target?.AuditTargetType, target?.AuditTargetId, AuditOutcome.Invalid, error.Code),
                cancellationToken);
        }

        return ResultFailure<TResponse>.Create(error);
    }

    internal static string ToCamelCase(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
