using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsSuite.Api.IntegrationTests.Support;
using WhatsSuite.Application.Common.Interfaces;
using WhatsSuite.Domain.Audit;
using WhatsSuite.Domain.Connections;
using WhatsSuite.Infrastructure.Persistence;
using WhatsSuite.Infrastructure.Security;

namespace WhatsSuite.Api.IntegrationTests.Security;

/// <summary>The rotate-data-key command over PostgreSQL: rows under an old key end up under the current one.</summary>
public sealed class DataKeyRotationTests : IAsyncLifetime
{
    private const string Secret = "JBSWY3DPEHPK3PXP";
    private static readonly byte[] OldKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] NewKey = RandomNumberGenerator.GetBytes(32);
    private TestDatabase? _database;

    private TestDatabase Database => _database!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task RotateDataEncryptionKey_RowsUnderOldKey_AreReEncryptedUnderTheCurrentKey()
    {
        var prefix = $"test-{Guid.NewGuid():N}";
        var settings = WhatsSuiteApp.ServerSettings(Database, prefix);
        settings["DATA_ENCRYPTION_KEY"] = Convert.ToBase64String(OldKey);
        await using (var before = new WhatsSuiteApp(settings))
        {
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
            var admin = await db.Users.SingleAsync();
            admin.BeginMfaEnrollment(protector.Protect(Secret), DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        Assert.StartsWith($"enc:v1:{AesGcmSecretProtector.KeyId(OldKey)}:", await Database.QueryAsync(db => db.Users.Select(u => u.MfaSecret).SingleAsync()), StringComparison.Ordinal);

        settings["DATA_ENCRYPTION_KEY"] = Convert.ToBase64String(NewKey);
        settings["DATA_ENCRYPTION_OLD_KEYS"] = Convert.ToBase64String(OldKey);
        await using var after = new WhatsSuiteApp(settings);
        var rotated = await after.Services.RotateDataEncryptionKeyAsync();

        Assert.Equal(1, rotated);
        var stored = await Database.QueryAsync(db => db.Users.Select(u => u.MfaSecret).SingleAsync());
        Assert.StartsWith($"enc:v1:{AesGcmSecretProtector.KeyId(NewKey)}:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, stored!, StringComparison.Ordinal);
        Assert.Equal(Secret, after.Services.GetRequiredService<ISecretProtector>().Unprotect(stored!));
        Assert.Equal(0, await after.Services.RotateDataEncryptionKeyAsync());
        Assert.Equal(2, await Database.QueryAsync(db => db.AuditLogs.CountAsync(a => a.Action == "RotateDataEncryptionKey" && a.ActorId == "job:rotate-data-key" && a.Outcome == AuditOutcome.Success)));
    }

    [Fact]
    public async Task RotateDataEncryptionKey_ConnectionSecretsUnderOldKey_AreReEncryptedUnderTheCurrentKey()
    {
        string[] plaintexts = ["EAAG-access-token-rotated", "app-secret-rotated", "verify-token-rotated"];
        var settings = WhatsSuiteApp.ServerSettings(Database, $"test-{Guid.NewGuid():N}");
        settings["DATA_ENCRYPTION_KEY"] = Convert.ToBase64String(OldKey);
        await using (var before = new WhatsSuiteApp(settings))
        {
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
            var connection = Connection.Create(
                "Rotated", ConnectionProvider.CloudApi, "106540352242922", null, "15550001234",
                protector.Protect(plaintexts[0]), protector.Protect(plaintexts[1]), protector.Protect(plaintexts[2]), 80, DateTimeOffset.UtcNow);
            db.Connections.Add(connection);
            await db.SaveChangesAsync();
            connection.Delete(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        settings["DATA_ENCRYPTION_KEY"] = Convert.ToBase64String(NewKey);
        settings["DATA_ENCRYPTION_OLD_KEYS"] = Convert.ToBase64String(OldKey);
        await using var after = new WhatsSuiteApp(settings);
        var rotated = await after.Services.RotateDataEncryptionKeyAsync();

        Assert.Equal(3, rotated);
        var protectorAfter = after.Services.GetRequiredService<ISecretProtector>();
        var row = await Database.QueryAsync(db => db.Connections.SingleAsync());
        string[] columns = [row.AccessTokenProtected, row.AppSecretProtected, row.WebhookVerifyTokenProtected];
        for (var i = 0; i < columns.Length; i++)
        {
            var stored = columns[i];
            Assert.StartsWith($"enc:v1:{AesGcmSecretProtector.KeyId(NewKey)}:", stored, StringComparison.Ordinal);
            Assert.DoesNotContain(plaintexts[i], stored!, StringComparison.Ordinal);
            Assert.Equal(plaintexts[i], protectorAfter.Unprotect(stored!));
        }

        Assert.Equal(0, await after.Services.RotateDataEncryptionKeyAsync());
    }
}
