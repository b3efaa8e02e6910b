using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Sums the allocations a dotnet-trace file sampled (the gc-verbose profile: one AllocationTick event about every
// 100 KB allocated, with the type and the stack of the allocation that crossed it): by type, by the innermost
// WhatsSuite method on the stack, and by the method that allocated. Usage: AllocSummary TRACE.nettrace [TOP]
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: WhatsSuite.Bench.AllocSummary TRACE.nettrace [TOP]");
    return 2;
}

var top = args.Length == 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 25;
var etlx = TraceLog.CreateFromEventPipeDataFile(args[0]);
using var log = new TraceLog(etlx);
var byType = new Dictionary<string, long>();
var byProduct = new Dictionary<string, long>();
var byAllocator = new Dictionary<string, long>();
var byTypeAndProduct = new Dictionary<string, long>();
long total = 0;
foreach (var data in log.Events)
{
    if (data is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    var amount = tick.AllocationAmount64;
    total += amount;
    var type = string.IsNullOrEmpty(tick.TypeName) ? "(unknown type)" : tick.TypeName;
    string? product = null;
    string? allocator = null;
    for (var frame = tick.CallStack(); frame is not null; frame = frame.Caller)
    {
        var method = frame.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(method))
        {
            continue;
        }

        allocator ??= method;
        if (method.StartsWith("WhatsSuite.", StringComparison.Ordinal))
        {
            product = method;
            break;
        }
    }

    product ??= "(no WhatsSuite frame)";
    Add(byType, type, amount);
    Add(byProduct, product, amount);
    Add(byAllocator, allocator ?? "(no managed frame)", amount);
    Add(byTypeAndProduct, $"{type}  <-  {product}", amount);
}

Console.WriteLine($"# sampled allocations: {total / 1048576.0:F1} MiB in {args[0]}");
Print("By type", byType);
Print("Under which WhatsSuite method (innermost product frame on the stack)", byProduct);
Print("Allocated by (innermost managed frame)", byAllocator);
Print("Type and WhatsSuite method", byTypeAndProduct);
return 0;

void Print(string title, Dictionary<string, long> sums)
{
    Console.WriteLine();
    Console.WriteLine($"## {title}");
    Console.WriteLine();
    foreach (var (name, amount) in sums.OrderByDescending(s => s.Value).Take(top))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100.0 * amount / Math.Max(total, 1),6:F2}%  {amount / 1048576.0,8:F1} MiB  {name}"));
    }
}

static void Add(Dictionary<string, long> sums, string key, long amount) =>
    sums[key] = sums.GetValueOrDefault(key) + amount;
