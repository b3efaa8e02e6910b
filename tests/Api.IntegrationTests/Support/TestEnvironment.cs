namespace WhatsSuite.Api.IntegrationTests.Support;

/// <summary>The PostgreSQL, Redis and S3-compatible server that <c>scripts/test.sh</c> starts for the suite.</summary>
internal static class TestEnvironment
{
    public const string JwtSecret = "integration-tests-signing-secret-0123456789abcdef";

    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable("WHATSSUITE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("WHATSSUITE_TEST_POSTGRES is not set: run the suite with ./scripts/test.sh, which starts PostgreSQL and Redis.");

    public static string RedisUrl =>
        Environment.GetEnvironmentVariable("WHATSSUITE_TEST_REDIS")
        ?? throw new InvalidOperationException("WHATSSUITE_TEST_REDIS is not set: run the suite with ./scripts/test.sh, which starts PostgreSQL and Redis.");

    /// <summary>The S3-compatible server (s3rver on loopback): its endpoint; any access key and secret it accepts.</summary>
    public static string S3Endpoint =>
        Environment.GetEnvironmentVariable("WHATSSUITE_TEST_S3")
        ?? throw new InvalidOperationException("WHATSSUITE_TEST_S3 is not set: run the suite with ./scripts/test.sh, which starts an S3-compatible server (s3rver) on loopback.");
}
