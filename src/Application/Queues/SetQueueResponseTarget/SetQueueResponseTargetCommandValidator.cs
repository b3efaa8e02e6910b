using FluentValidation;
using WhatsSuite.Domain.Queues;

namespace WhatsSuite.Application.Queues.SetQueueResponseTarget;

internal sealed class SetQueueResponseTargetCommandValidator : AbstractValidator<SetQueueResponseTargetCommand>
{
    public SetQueueResponseTargetCommandValidator() =>
        RuleFor(c => c.FirstResponseTargetSeconds).NotNull().InclusiveBetween(1, Queue.MaxFirstResponseTargetSeconds);
}
