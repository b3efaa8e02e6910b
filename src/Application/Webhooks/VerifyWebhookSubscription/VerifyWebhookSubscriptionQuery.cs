using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Webhooks.VerifyWebhookSubscription;

/// <summary>
/// Meta's webhook verification: answers the challenge when the mode is <c>subscribe</c> and the token equals
/// the connection's verify token (compared in constant time); anything else is refused (403).
/// </summary>
[PublicAccess]
public sealed record VerifyWebhookSubscriptionQuery(Guid ConnectionId, string? Mode, string? VerifyToken, string? Challenge) : IQuery<Result<string>>;
