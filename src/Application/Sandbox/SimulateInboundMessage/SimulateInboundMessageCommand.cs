using Mediator;
using WhatsSuite.Application.Common.Auditing;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;
using WhatsSuite.Domain.Users;

namespace WhatsSuite.Application.Sandbox.SimulateInboundMessage;

/// <summary>
/// Makes a sandbox connection receive a customer message: builds the webhook WhatsApp would send (same
/// shape, a fresh wamid, the current time) and signs it with the connection's app secret. The caller hands
/// the signed delivery to the webhook receiver, the path real deliveries take, once this command has
/// committed (the receiver stores on its own connection; SQLite allows one writer at a time). <see cref="Type"/> is <c>text</c> (default), <c>image</c>
/// (a generated picture, optional caption), <c>audio</c> (a generated voice note, <see cref="SandboxMedia"/>) or <c>reaction</c> (<see cref="Text"/> is the emoji,
/// <see cref="ReactTo"/> the wamid reacted to). A customer with a WhatsApp username is simulated with
/// <see cref="UserId"/> (their business-scoped user id) and <see cref="Username"/>, and without <see cref="From"/>
/// when their number is withheld. Only when <c>SANDBOX_ENABLED</c>; otherwise, and for connections that are not
/// sandbox ones, the connection is not found.
/// </summary>
[RequireRole(Role.ADMIN, Role.SUPERVISOR)]
public sealed record SimulateInboundMessageCommand(
    Guid ConnectionId, string? From, string? Name, string? Type, string? Text, string? Caption, string? ReactTo, string? UserId = null, string? Username = null)
    : ICommand<Result<SignedSandboxDelivery>>, IAuditTarget
{
    public string AuditTargetType => "connection";

    public string? AuditTargetId => ConnectionId.ToString();
}

/// <summary>The simulated message's wamid and the sender's number (E.164 digits) and/or business-scoped user id.</summary>
public sealed record SimulatedInboundDto(string Wamid, string? From, string? UserId = null);

/// <summary>A webhook body as WhatsApp would post it, with its <c>X-Hub-Signature-256</c> value.</summary>
public sealed record SignedSandboxDelivery(Guid ConnectionId, string Wamid, string? From, ReadOnlyMemory<byte> Body, string Signature, string? UserId = null);
