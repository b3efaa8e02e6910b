using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Application.Common.Results;

namespace WhatsSuite.Application.Webhooks.VerifyWebhookSubscription;

internal sealed class VerifyWebhookSubscriptionQueryHandler(IApplicationDbContext db, ISecretProtector protector) : IQueryHandler<VerifyWebhookSubscriptionQuery, Result<string>>
{
    public const int MaxChallengeLength = 512;
    private const int MaxTokenLength = 512;

    public async ValueTask<Result<string>> Handle(VerifyWebhookSubscriptionQuery query, CancellationToken cancellationToken)
    {
        if (query.Mode != "subscribe"
            || string.IsNullOrEmpty(query.VerifyToken) || query.VerifyToken.Length > MaxTokenLength
            || string.IsNullOrEmpty(query.Challenge) || query.Challenge.Length > MaxChallengeLength || query.Challenge.Any(char.IsControl))
        {
            return WebhookErrors.VerificationRefused;
        }

        var stored = await db.Connections.AsNoTracking()
            .Where(c => c.Id == query.ConnectionId && c.DeletedAt == null)
            .Select(c => c.WebhookVerifyTokenProtected)
            .SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return WebhookErrors.VerificationRefused;
        }

        // Hashing first makes the comparison independent of the tokens' lengths.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(protector.Unprotect(stored)));
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(query.VerifyToken));
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return WebhookErrors.VerificationRefused;
        }

        return query.Challenge;
    }
}
