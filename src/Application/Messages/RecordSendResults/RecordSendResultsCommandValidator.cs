using FluentValidation;

namespace WhatsSuite.Application.Messages.RecordSendResults;

internal sealed class RecordSendResultsCommandValidator : AbstractValidator<RecordSendResultsCommand>
{
    public RecordSendResultsCommandValidator()
    {
        RuleFor(c => c.Results).NotEmpty();
        RuleFor(c => c.Results.Count).LessThanOrEqualTo(RecordSendResultsCommand.MaxResults).When(c => c.Results is not null);
        RuleFor(c => c.Results)
            .Must(results => results.Select(r => r.MessageId).Distinct().Count() == results.Count)
            .When(c => c.Results is not null)
            .WithMessage("Each message's result is recorded once per command.");
        RuleForEach(c => c.Results).Must(r => r is not null && r.Result is not null).WithMessage("A result names its message and what was answered.");
    }
}
