#!/usr/bin/env python3
"""Summarises a Linux perf profile of a .NET process (perf record -g, with DOTNET_PerfMapEnabled=1 and
DOTNET_EnableWriteXorExecute=0 so JIT-compiled frames are named): the share of the samples by thread, by component
(the managed assembly of a JIT-compiled frame, else the native library), by frame (self time), and by the innermost
WhatsSuite frame on the stack (which of the product's methods the time is spent under, libraries included).

Usage: bench/perf-summary.py PERF_DATA [TOP] [SKIP_SECONDS]
  SKIP_SECONDS: leave out the samples of the profile's first seconds (a warm-up recorded with the measured part).
"""
import collections
import re
import subprocess
import sys

APP = re.compile(r"\[(WhatsSuite\.\w+)\] ([^\s(]+?)(?:\(|$)")
ASSEMBLY = re.compile(r"\[([A-Za-z][\w.]*)\] ")
TIER = re.compile(r"\[(OptimizedTier1|QuickJitted|InstrumentedTier|InstrumentedTierOptimized|Optimized|OptimizedTier1OSR|PreJIT)\]")


def samples(path, skip=0.0):
    """Yields (thread name, frames from the leaf outwards) per sample; a frame is (symbol, object file)."""
    out = subprocess.run(["perf", "script", "-i", path, "-F", "comm,time,ip,sym,dso"], capture_output=True, text=True, check=True).stdout
    comm, frames, start, keep = None, [], None, True
    for line in out.splitlines():
        if not line.strip():
            if comm is not None and keep:
                yield comm, frames
            comm, frames = None, []
        elif not line[0].isspace():
            m = re.match(r"(.*?)\s+([0-9]+\.[0-9]+):\s*$", line)
            comm, frames = (m.group(1).strip() if m else line.strip()), []
            if m:
                t = float(m.group(2))
                start = t if start is None else start
                keep = t - start >= skip
        else:
            body = line.strip().split(" ", 1)[1] if " " in line.strip() else ""
            m = re.match(r"(.*) \(([^()]*)\)$", body)
            frames.append((m.group(1), m.group(2)) if m else (body, ""))
    if comm is not None and keep:
        yield comm, frames


def component(symbol, dso):
    if dso.startswith("/tmp/perf-") or "[JIT]" in dso or dso.endswith(".map"):
        m = ASSEMBLY.search(symbol)
        return m.group(1) if m else "JIT stubs"
    return dso.rsplit("/", 1)[-1] or "?"


def method(symbol):
    name = TIER.sub("", symbol).strip()
    name = re.sub(r"^(instance |class |valuetype |void |bool |native int |uint8& |object |int32 )+", "", name)
    return name[:170]


def app_method(symbol):
    m = APP.search(symbol)
    if not m:
        return None
    name = re.sub(r"\+<(\w+)>d__\d+.*", r".\1", m.group(2))
    name = re.sub(r"::MoveNext$", "", name)
    return name.replace("WhatsSuite.", "")[:150]


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    skip = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    threads, components, frames, owners, tiers = (collections.Counter() for _ in range(5))
    total = 0
    for comm, stack in samples(path, skip):
        total += 1
        threads[re.sub(r"\s*\d+$", "", comm)[:20]] += 1
        if not stack:
            continue
        symbol, dso = stack[0]
        components[component(symbol, dso)] += 1
        frames[method(symbol) if "[unknown]" not in symbol else f"{dso.rsplit('/', 1)[-1]} (no symbol)"] += 1
        t = TIER.search(symbol)
        if t:
            tiers[t.group(1)] += 1
        owner = next((n for n in (app_method(s) for s, _ in stack) if n), None)
        owners[owner or ("(compiler thread)" if "Tiered" in comm else "(no WhatsSuite frame)")] += 1

    def table(title, counter, n):
        print(f"\n## {title}\n")
        for key, count in counter.most_common(n):
            print(f"{100 * count / total:6.2f}%  {key}")

    print(f"# perf summary of {path}: {total} samples" + (f", the first {skip:g} s left out" if skip else ""))
    table("By thread", threads, 15)
    table("By component (self time: the managed assembly of a JIT-compiled frame, else the native library)", components, 25)
    table("JIT-compiled self time by code tier", tiers, 10)
    table("Under which WhatsSuite method (innermost product frame on the stack; libraries it called included)", owners, top)
    table("Frames by self time", frames, top)


if __name__ == "__main__":
    main()
