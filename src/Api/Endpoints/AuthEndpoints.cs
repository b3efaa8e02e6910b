using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Api.Infrastructure.HttpEdge;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Auth.ChangePassword;
using WhatsSuite.Application.Auth.GetCurrentUser;
using WhatsSuite.Application.Auth.ListSessions;
using WhatsSuite.Application.Auth.Login;
using WhatsSuite.Application.Auth.Logout;
using WhatsSuite.Application.Auth.RefreshAccessToken;
using WhatsSuite.Application.Auth.RevokeSession;
using WhatsSuite.Application.Users;

namespace WhatsSuite.Api.Endpoints;

internal sealed class AuthEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");

        group.MapPost("/login", Login)
            .AllowAnonymous()
            .WithSignInBudget()
            .WithSummary("Sign in with e-mail and password")
            .WithDescription("Answers a bearer access token and a refresh token. A wrong password and an unknown e-mail give the same 401; "
                + "repeated failures for one e-mail lock it for a while, whether or not an account has it (423 auth.account_locked, with Retry-After). "
                + "Sign-in attempts have their own small budgets per client IP and per e-mail (429 with Retry-After); "
                + "when every password check of the instance is busy the answer is 503 overloaded.")
            .Produces<AccessTokenDto>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status423Locked, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/refresh", Refresh)
            .AllowAnonymous()
            .WithSignInBudget()
            .WithSummary("Exchange a refresh token for a new token pair")
            .WithDescription("The refresh token rotates: the one sent stops working and the answer carries the next one. "
                + "Sending an already-used refresh token ends every session started from the same sign-in (401 auth.refresh_token_reused).")
            .Produces<AccessTokenDto>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status415UnsupportedMediaType);

        group.MapPost("/logout", Logout)
            .WithSummary("End the current session")
            .WithDescription("The token used for this request stops working at once, on every instance.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems();

        group.MapGet("/me", Me)
            .WithSummary("The signed-in user")
            .Produces<UserDto>()
            .ProducesAuthProblems();

        group.MapPost("/change-password", ChangePassword)
            .WithSummary("Change the caller's password")
            .WithDescription("Ends every session of the user and answers a fresh access token for the caller.")
            .Produces<AccessTokenDto>()
            .ProducesAuthProblems(StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/sessions", Sessions)
            .WithSummary("The caller's active sessions")
            .WithDescription("One per access token, newest first; `current` marks the session of this request.")
            .Produces<IReadOnlyList<SessionDto>>()
            .ProducesAuthProblems();

        group.MapDelete("/sessions/{id}", RevokeSession)
            .WithSummary("End one of the caller's sessions")
            .WithDescription("Its access token stops working at once, on every instance. Another user's session id answers 404.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Sessions(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListSessionsQuery(), ct)).ToOk();

    private static async Task<IResult> RevokeSession(string id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new RevokeSessionCommand(id), ct)).ToNoContent();

    private static async Task<IResult> Login(LoginCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToOk();

    private static async Task<IResult> Refresh(RefreshAccessTokenCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToOk();

    private static async Task<IResult> Logout(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new LogoutCommand(), ct)).ToNoContent();

    private static async Task<IResult> Me(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetCurrentUserQuery(), ct)).ToOk();

    private static async Task<IResult> ChangePassword(ChangePasswordCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToOk();
}
