using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;
using WhatsSuite.Application.Webhooks.VerifyWebhookSubscription;
using WhatsSuite.Domain.Connections;

namespace WhatsSuite.Application.Webhooks.VerifyAppWebhookSubscription;

internal sealed class VerifyAppWebhookSubscriptionQueryHandler(IApplicationDbContext db, ISecretProtector protector) : IQueryHandler<VerifyAppWebhookSubscriptionQuery, Result<string>>
{
    private const int MaxTokenLength = 512;

    public async ValueTask<Result<string>> Handle(VerifyAppWebhookSubscriptionQuery query, CancellationToken cancellationToken)
    {
        if (query.Mode != "subscribe"
            || string.IsNullOrEmpty(query.VerifyToken) || query.VerifyToken.Length > MaxTokenLength
            || string.IsNullOrEmpty(query.Challenge) || query.Challenge.Length > VerifyWebhookSubscriptionQueryHandler.MaxChallengeLength || query.Challenge.Any(char.IsControl)
            || query.AppId.Length is 0 or > Connection.MaxMetaAppIdLength)
        {
            return WebhookErrors.VerificationRefused;
        }

        var stored = await db.Connections.AsNoTracking()
            .Where(c => c.MetaAppId == query.AppId && c.DeletedAt == null)
            .Select(c => c.WebhookVerifyTokenProtected)
            .ToListAsync(cancellationToken);

        // Hashing first makes each comparison independent of the tokens' lengths; every token is compared.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(query.VerifyToken));
        var matched = false;
        foreach (var token in stored)
        {
            matched |= CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(protector.Unprotect(token))), presented);
        }

        return matched ? query.Challenge : WebhookErrors.VerificationRefused;
    }
}
