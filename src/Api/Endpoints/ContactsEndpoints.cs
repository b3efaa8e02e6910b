using Mediator;
using WhatsSuite.Api.Infrastructure;
using WhatsSuite.Application.Common.Paging;
using WhatsSuite.Application.Contacts;
using WhatsSuite.Application.Contacts.GetContact;
using WhatsSuite.Application.Contacts.ListContacts;
using WhatsSuite.Application.Contacts.UpdateContact;

namespace WhatsSuite.Api.Endpoints;

internal sealed class ContactsEndpoints : IEndpointGroup
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/contacts").WithTags("Contacts");

        group.MapGet("/", List)
            .WithSummary("List contacts (ADMIN, SUPERVISOR)")
            .WithDescription("q (at least 3 letters or digits, else 400) matches a part of the display or profile name, the WhatsApp username or the business-scoped user id (case and accents ignored: \"maria pena\" finds \"María Peña\") or, when it holds at least 3 digits, of the number (looked up by its last 6 digits, then checked whole); totalCount counts what the filters cover up to 1,000: past it, totalCount is 1,000 and totalCountCapped is true (the later pages are still served), except an ADMIN's total without q, which is always exact; optedOut filters on the opt-out flag, marketingOptedOut on the marketing opt-out WhatsApp reported (user_preferences). A SUPERVISOR sees the contacts with a conversation in their queues or without a queue. A search that cannot be answered within 2 seconds answers 422 contacts.search_too_broad.")
            .Produces<PagedList<ContactDto>>()
            .ProducesAuthProblems(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id:guid}", Get)
            .WithSummary("Get a contact with its identity history (ADMIN, SUPERVISOR)")
            .WithDescription("identityHistory lists the phone number and business-scoped user id changes WhatsApp reported and the contacts merged into this one (the same customer known by number and by BSUID), newest first. A contact the caller does not see (a SUPERVISOR: no conversation in their queues) answers 404 like one that does not exist.")
            .Produces<ContactDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound);

        group.MapPatch("/{id:guid}", Update)
            .WithSummary("Change a contact's display name, tags or opt-out flag (ADMIN, SUPERVISOR)")
            .WithDescription("Fields left out stay as they are; an empty displayName clears it. Tags replace the current ones: at most 20, each 1 to 40 letters, digits, spaces or '-_.:', stored lower-case.")
            .Produces<ContactDto>()
            .ProducesAuthProblems(StatusCodes.Status404NotFound, StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> List(string? q, bool? optedOut, bool? marketingOptedOut, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new ListContactsQuery(q, optedOut, page ?? 1, pageSize ?? PageDefaults.PageSize, marketingOptedOut), ct)).ToOk();

    private static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new GetContactQuery(id), ct)).ToOk();

    private static async Task<IResult> Update(Guid id, ContactPatchBody body, IMediator mediator, CancellationToken ct) =>
        (await mediator.Send(new UpdateContactCommand(id, body.DisplayName, body.Tags, body.OptedOut), ct)).ToOk();
}

/// <summary>Body of <c>PATCH /api/v1/contacts/{id}</c>.</summary>
internal sealed record ContactPatchBody(string? DisplayName, IReadOnlyList<string>? Tags, bool? OptedOut);
