using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Queues;

/// <summary>Errors of the queue use cases.</summary>
public static class QueueErrors
{
    public const string TargetType = "queue";

    public static readonly Error NameTaken =
        Error.Conflict("queues.name_taken", "Another queue already has this name.");

    public static readonly Error NotAMember =
        Error.NotFound("queues.not_a_member", "This user is not a member of the queue.");

    public static readonly Error InactiveUser =
        Error.Unprocessable("queues.inactive_user", "Only active users can join a queue.");

    public static readonly Error OutOfHoursTemplateWithoutConnection =
        Error.Unprocessable("queues.out_of_hours_template_without_connection", "The queue is linked to no connection, so no template can be checked for it; link a connection first or use a text reply.");

    public static Error NotFound(Guid id) =>
        Error.NotFound("queues.not_found", $"Queue '{id}' does not exist.");
}
