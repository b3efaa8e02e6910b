using FluentValidation;

namespace WhatsSuite.Application.Queues.CreateQueue;

internal sealed class CreateQueueCommandValidator : AbstractValidator<CreateQueueCommand>
{
    public CreateQueueCommandValidator()
    {
        RuleFor(c => c.Name).ValidQueueName();
        RuleFor(c => c.Description).ValidQueueDescription();
        RuleFor(c => c.Strategy).KnownStrategy();
        RuleFor(c => c.AgentCapacity).ValidAgentCapacity().When(c => c.AgentCapacity is not null);
    }
}
