// Load generator of the real-time desk benchmark. See bench/README.md.
//
//   prepare: RtLoad prepare --api URL --admin-email E --admin-seed-password P --admin-password P2 --queues Q --clients N
//                           --secret S --out prep.json   (queues, one connection per queue, N agents signed in)
//   run:     RtLoad run --system whatssuite|bare --hub URL --webhook-base URL --prep prep.json --rate R --duration S
//                       --warmup S --drain S --contacts-per-queue C --pid PID --step ID --label L --secret S --out step.json
//   report:  RtLoad report --dir STEPS --facts FILE --md OUT.md --json OUT.json
using WhatsSuite.Bench.RtLoad;

if (args.Length == 0)
{
    await Console.Error.WriteLineAsync("usage: RtLoad prepare|run|report --option value ... (see bench/README.md)");
    return 2;
}

var options = new Args(args[1..]);
return args[0] switch
{
    "prepare" => await Prepare.RunAsync(options),
    "run" => await Run.RunAsync(options),
    "report" => await Report.RunAsync(options),
    _ => 2,
};
