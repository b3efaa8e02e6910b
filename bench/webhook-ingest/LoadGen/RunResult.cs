using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WhatsSuite.Bench.LoadGen;

/// <summary>What one load-generator run measured (written as JSON).</summary>
internal sealed class RunResult
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Mode { get; init; }

    public required string Label { get; init; }

    public required string Url { get; init; }

    public required string Payloads { get; init; }

    public double? OfferedRate { get; init; }

    public int? Concurrency { get; init; }

    public long Requests { get; init; }

    /// <summary>Answers with a 2xx status.</summary>
    public long Acked { get; init; }

    /// <summary>Requests without a 2xx answer (other status, timeout or connection error).</summary>
    public long Errors { get; init; }

    public required Dictionary<string, long> StatusCounts { get; init; }

    public string? FirstError { get; init; }

    /// <summary>From the first scheduled send to the last answer.</summary>
    public double ElapsedSeconds { get; init; }

    public double AcksPerSecond { get; init; }

    /// <summary>Latency of the 2xx answers; open loop: from the scheduled send time.</summary>
    public required Latency LatencyMs { get; init; }

    public DateTimeOffset StartedAtUtc { get; init; }

    public DateTimeOffset EndedAtUtc { get; init; }

    /// <summary>Open loop: the longest a request left after its scheduled time (the generator's own lag).</summary>
    public double MaxSendLagMs { get; init; }

    public double LoadGenCpuPercentOfOneCore { get; init; }

    public double? MachineCpuBusyPercent { get; init; }
}

internal sealed class Latency
{
    public double P50 { get; init; }

    public double P90 { get; init; }

    public double P99 { get; init; }

    public double Max { get; init; }

    public double Mean { get; init; }
}
