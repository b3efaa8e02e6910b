using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Api.Infrastructure.HttpEdge;
using WhatsSuite.Application.Auth;
using WhatsSuite.Application.Auth.ConfirmMfa;
using WhatsSuite.Application.Auth.DisableMfa;
using WhatsSuite.Application.Auth.EnrollMfa;
using WhatsSuite.Application.Auth.LoginWithMfa;

namespace WhatsSuite.Api.Endpoints;

/// <summary>Multi-factor authentication (TOTP) under <c>/api/v1/auth</c>: enrolment, confirmation, the second sign-in step, disabling.</summary>
internal sealed class MfaEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");

        group.MapPost("/login/mfa", LoginWithMfa)
            .WithName("mfa_login")
            .AllowAnonymous()
            .WithSignInBudget()
            .WithSummary("Second sign-in step for accounts with MFA")
            .WithDescription("The challengeToken from the login answer plus a code (or a recoveryCode). The challenge is single-use and expires after 5 minutes. "
                + "409 auth.account_changed when the account's role, MFA or password changed during the sign-in: sign in again.")
            .Produces<AccessTokenDto>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);

        group.MapPost("/mfa/enroll", Enroll)
            .WithSummary("Start TOTP enrolment")
            .WithDescription("Answers the base32 secret and the otpauth:// URI for an authenticator app; pending until confirmed.")
            .Produces<MfaEnrollmentDto>()
            .ProducesAuthProblems(StatusCodes.Status409Conflict);

        group.MapPost("/mfa/confirm", Confirm)
            .WithSummary("Confirm TOTP enrolment with a code")
            .WithDescription("Enables MFA and answers 10 single-use recovery codes, shown only this once.")
            .Produces<MfaRecoveryCodesDto>()
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/mfa/disable", Disable)
            .WithSummary("Disable MFA")
            .WithDescription("Needs the password and a current code or a recovery code.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems(StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> LoginWithMfa(LoginWithMfaCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToOk();

    private static async Task<IResult> Enroll(IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new EnrollMfaCommand(), ct)).ToOk();

    private static async Task<IResult> Confirm(ConfirmMfaCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToOk();

    private static async Task<IResult> Disable(DisableMfaCommand command, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(command, ct)).ToNoContent();
}
