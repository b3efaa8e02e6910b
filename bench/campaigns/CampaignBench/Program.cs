// The campaign pacing benchmark (see bench/README.md):
//   graph: CampaignBench graph --port P                      the fake Graph API that records every send
//   drive: CampaignBench drive --api URL --graph URL --api-pid PID --admin-email E --admin-seed-password P
//          --admin-password P2 --recipients N --rates "80 1000" --md FILE --json FILE [--facts FILE] [--settle S] [--warmup N]
using WhatsSuite.Bench.CampaignBench;

var command = args.Length > 0 ? args[0] : string.Empty;
var options = new Args(args.Skip(1));
return command switch
{
    "graph" => await FakeGraph.RunAsync(options),
    "drive" => await Drive.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CampaignBench graph|drive [--name value ...]");
    return 2;
}
