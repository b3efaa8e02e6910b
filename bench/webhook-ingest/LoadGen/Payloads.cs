using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WhatsSuite.Bench.LoadGen;

/// <summary>One signed webhook delivery: the message id it carries, the raw body and its signature header value.</summary>
internal sealed record Payload(string Wamid, byte[] Body, string Signature);

/// <summary>
/// Meta-shaped inbound text-message webhooks, one message each, with a unique wamid
/// (<c>wamid.{run}.{step}.{index}</c>) and a sender picked deterministically from <see cref="Contacts"/>
/// customers, signed with HMAC-SHA256 of the raw body as in <c>X-Hub-Signature-256</c>.
/// </summary>
internal sealed class PayloadGenerator(string runId, string step, string appSecret, int contacts, ulong seed, string phoneNumberId, string wabaId, string displayNumber)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(appSecret);
    private readonly long _timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public int Contacts { get; } = contacts;

    public Payload Create(long index)
    {
        var wamid = string.Create(CultureInfo.InvariantCulture, $"wamid.{runId}.{step}.{index:D8}");
        var contact = (long)(Mix(seed ^ (ulong)index) % (ulong)Contacts);
        var waId = (5491100000000L + contact).ToString(CultureInfo.InvariantCulture);
        var json = string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"object":"whatsapp_business_account","entry":[{"id":"{{{wabaId}}}","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"{{{displayNumber}}}","phone_number_id":"{{{phoneNumberId}}}"},"contacts":[{"profile":{"name":"Customer {{{contact}}}"},"wa_id":"{{{waId}}}"}],"messages":[{"from":"{{{waId}}}","id":"{{{wamid}}}","timestamp":"{{{_timestamp}}}","type":"text","text":{"body":"hello {{{index}}}"}}]}}]}]}""");
        var body = Encoding.UTF8.GetBytes(json);
        return new Payload(wamid, body, Sign(_key, body));
    }

    public static string Sign(byte[] key, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    /// <summary>SplitMix64 finaliser: a well-spread, deterministic pick per index.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>Files of sent payloads (<c>wamid TAB signature TAB body</c> per line) for an exact replay.</summary>
internal static class PayloadFile
{
    public static async Task WriteAsync(string path, IEnumerable<Payload> payloads)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        foreach (var p in payloads)
        {
            await writer.WriteAsync(p.Wamid);
            await writer.WriteAsync('\t');
            await writer.WriteAsync(p.Signature);
            await writer.WriteAsync('\t');
            await writer.WriteAsync(Encoding.UTF8.GetString(p.Body));
            await writer.WriteAsync('\n');
        }
    }

    public static List<Payload> Read(IEnumerable<string> paths)
    {
        var list = new List<Payload>();
        foreach (var path in paths)
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var parts = line.Split('\t', 3);
                if (parts.Length != 3)
                {
                    throw new InvalidDataException($"{path}: expected 'wamid<TAB>signature<TAB>body' lines.");
                }

                list.Add(new Payload(parts[0], Encoding.UTF8.GetBytes(parts[2]), parts[1]));
            }
        }

        return list;
    }
}
