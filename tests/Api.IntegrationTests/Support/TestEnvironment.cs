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

    /// <summary>A <c>REDIS_URL</c> where nothing listens: a loopback port the system just handed out and took back.</summary>
    public static string UnreachableRedisUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return $"redis://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>
    /// Points a host's settings at a Redis that is down. Its Redis timeout is cut to the minimum (a one-second connect
    /// timeout): the client notices a refused connection only at that timeout now and then (see <c>RedisUrl</c>), and
    /// the suite's five-second timeout would hold the host's start for twenty.
    /// </summary>
    public static void RedisDown(IDictionary<string, string?> settings)
    {
        settings["REDIS_URL"] = UnreachableRedisUrl();
        settings["REDIS_TIMEOUT_MS"] = "250";
    }

    /// <summary>The S3-compatible server (s3rver on loopback): its endpoint; any access key and secret it accepts.</summary>
    public static string S3Endpoint =>
        Environment.GetEnvironmentVariable("WHATSSUITE_TEST_S3")
        ?? throw new InvalidOperationException("WHATSSUITE_TEST_S3 is not set: run the suite with ./scripts/test.sh, which starts an S3-compatible server (s3rver) on loopback.");
}
