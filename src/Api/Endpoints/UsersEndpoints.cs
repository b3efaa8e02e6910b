using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Users;
using WhatsSuite.Application.Users.CreateUser;
using WhatsSuite.Application.Users.DeactivateUser;
using WhatsSuite.Application.Users.ForceLogoutUser;
using WhatsSuite.Application.Users.GetUser;
using WhatsSuite.Application.Users.ListUsers;
using WhatsSuite.Application.Users.UpdateUser;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Api.Endpoints;

internal sealed class UsersEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users");

        group.MapGet("/", List)
            .WithSummary("List users (ADMIN)")
            .WithDescription("Filter by role and active flag; search matches name and e-mail. Ordered by name.")
            .Produces<PagedList<UserDto>>()
            .ProducesAuthProblems();

        group.MapPost("/", Create)
            .WithSummary("Create a user (ADMIN)")
            .WithDescription("The password is temporary: the user must change it at first login. E-mails are unique regardless of case (409).")
            .Produces<UserDto>(StatusCodes.Status201Created)
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a user (ADMIN)")
            .Produces<UserDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPut("/{id:guid}", Update)
            .WithSummary("Update a user's name, role and active flag (ADMIN)")
            .WithDescription("Changing the role or setting isActive to false ends every session of the user, on every instance. Nobody can remove the last active ADMIN or their own ADMIN access. An API key needs users:admin for ADMIN and SUPERVISOR accounts.")
            .Produces<UserDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/{id:guid}/deactivate", Deactivate)
            .WithSummary("Deactivate a user (ADMIN)")
            .WithDescription("The user can no longer sign in and every session they hold ends at once.")
            .Produces<UserDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/{id:guid}/force-logout", ForceLogout)
            .WithSummary("End every session of a user (ADMIN)")
            .Produces<ForceLogoutResult>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List([AsParameters] ListUsersParameters parameters, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListUsersQuery(parameters.Role, parameters.Active, parameters.Search, parameters.Page ?? 1, parameters.PageSize ?? PageDefaults.PageSize), ct)).ToOk();

    private static async Task<IResult> Create(CreateUserCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToCreated(user => $"/api/v1/users/{user.Id}");

    private static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetUserQuery(id), ct)).ToOk();

    private static async Task<IResult> Update(Guid id, UpdateUserRequest body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UpdateUserCommand(id, body.FullName, body.Role, body.IsActive), ct)).ToOk();

    private static async Task<IResult> Deactivate(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new DeactivateUserCommand(id), ct)).ToOk();

    private static async Task<IResult> ForceLogout(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ForceLogoutUserCommand(id), ct)).ToOk();
}

// Init-only properties rather than a positional record: the request delegate generator cannot bind a constructor
// that takes nullable reference types (ADR 0047).
/// <summary>Query string of <c>GET /api/v1/users</c>.</summary>
internal sealed record ListUsersParameters
{
    public Role? Role { get; init; }

    public bool? Active { get; init; }

    public string? Search { get; init; }

    public int? Page { get; init; }

    public int? PageSize { get; init; }
}

/// <summary>Body of <c>PUT /api/v1/users/{id}</c>: the full editable state.</summary>
internal sealed record UpdateUserRequest(string FullName, Role? Role, bool? IsActive);
