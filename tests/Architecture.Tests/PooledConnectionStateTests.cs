using System.Text.RegularExpressions;

namespace WhatsSuite.Architecture.Tests;

/// <summary>
/// A PostgreSQL connection goes back to the pool as it is, without Npgsql's session reset (ADR 0052), so no SQL of the
/// product may leave session state on it for the next user: settings last only for their transaction
/// (<c>SET LOCAL</c>, <c>set_config(..., true)</c>), advisory locks are the transaction's
/// (<c>pg_advisory_xact_lock</c>), and there is no <c>LISTEN</c>, temporary table or held cursor.
/// </summary>
public sealed partial class PooledConnectionStateTests
{
    [Fact]
    public void ProductSql_LeavesNoSessionStateOnAPooledConnection()
    {
        var found = RepositoryFiles.ProductSources()
            .SelectMany(f => SessionState().Matches(File.ReadAllText(f)).Select(m => $"{RepositoryFiles.Relative(f)}: {m.Value.Trim()}"))
            .ToList();

        Assert.True(found.Count == 0, "SQL that outlives its transaction on a pooled connection: " + string.Join("; ", found));
    }

    [Theory]
    [InlineData("\"SET lock_timeout = '10s'\"")]
    [InlineData("ExecuteSqlRawAsync(\"SET ROLE auditor\")")]
    [InlineData("\"BEGIN; SET SESSION statement_timeout TO 5000\"")]
    [InlineData("\"SELECT set_config('app.user', @user, false)\"")]
    [InlineData("\"SELECT pg_advisory_lock(42)\"")]
    [InlineData("\"SELECT pg_try_advisory_lock_shared(42)\"")]
    [InlineData("\"LISTEN desk_changes\"")]
    [InlineData("\"CREATE TEMP TABLE batch (id uuid)\"")]
    [InlineData("\"DECLARE c CURSOR WITH HOLD FOR SELECT 1\"")]
    public void Canary_SessionStateInSql_IsSeen(string code) => Assert.Matches(SessionState(), code);

    [Theory]
    [InlineData("\"SET LOCAL enable_seqscan = off\"")]
    [InlineData("\"\"\"\n    UPDATE conversations\n    SET status = 'CLOSED'\n    \"\"\"")]
    [InlineData("\"SELECT pg_advisory_xact_lock(7311170231001)\"")]
    [InlineData("\"SELECT set_config('app.user', @user, true)\"")]
    [InlineData("\"UNLISTEN *\"")]
    public void Canary_TransactionScopedSql_IsNotSeen(string code) => Assert.DoesNotMatch(SessionState(), code);

    /// <summary>
    /// A <c>SET</c> that starts a statement (after a quote, a semicolon or a parenthesis, so not an <c>UPDATE</c>'s) and
    /// is not <c>SET LOCAL</c>, or a <c>LISTEN</c>, both in capitals as the product writes SQL keywords (so that prose is
    /// not taken for SQL); in any case, <c>set_config</c> for the session, a session-level advisory lock, a temporary
    /// table, a cursor held past its transaction.
    /// </summary>
    [GeneratedRegex(
        """(["';(]\s*SET\s+(?!LOCAL\b)\w+)|(?i:set_config\s*\([^;]*?,\s*false\s*\))|(?i:pg_(try_)?advisory_lock(_shared)?\s*\()|((?<![A-Za-z])LISTEN\s+\w)|(?i:CREATE\s+(GLOBAL\s+|LOCAL\s+)?TEMP(ORARY)?\s+TABLE)|(?i:WITH\s+HOLD\b)""")]
    private static partial Regex SessionState();
}
