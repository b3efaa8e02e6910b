using FluentValidation;

namespace WhatsSuite.Application.Queues.UpdateQueue;

internal sealed class UpdateQueueCommandValidator : AbstractValidator<UpdateQueueCommand>
{
    public UpdateQueueCommandValidator()
    {
        RuleFor(c => c.Name).ValidQueueName();
        RuleFor(c => c.Description).ValidQueueDescription();
        RuleFor(c => c.Strategy).NotNull().KnownStrategy();
        RuleFor(c => c.AgentCapacity).NotNull().ValidAgentCapacity();
    }
}
