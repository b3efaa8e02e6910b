using FluentValidation;
using WhatsSuite.Application.Common.Validation;

namespace WhatsSuite.Application.Archives.ListArchives;

internal sealed class ListArchivesQueryValidator : AbstractValidator<ListArchivesQuery>
{
    public ListArchivesQueryValidator()
    {
        RuleFor(q => q.Table).Must(t => t is null || HistoryTables.All.Contains(t))
            .WithMessage($"'Table' must be one of {string.Join(", ", HistoryTables.All)}.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}
