using Mediator;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Common.Security;

namespace WhatsSuite.Application.Webhooks.VerifyAppWebhookSubscription;

/// <summary>
/// Meta's verification of an app-level callback URL: answers the challenge when the mode is <c>subscribe</c> and
/// the token is the webhook verify token of one of the app's connections (compared in constant time, with each);
/// anything else is refused (403), also for an app no connection belongs to.
/// </summary>
[PublicAccess]
public sealed record VerifyAppWebhookSubscriptionQuery(string AppId, string? Mode, string? VerifyToken, string? Challenge) : IQuery<Result<string>>;
