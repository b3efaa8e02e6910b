#!/usr/bin/env bash
# CPU of the HTTP test process for a test filter: the figure behind ADR 0029's and ADR 0047's comparisons of the test
# host's runtime settings and of generated endpoint delegates. CPU seconds of one process are comparable between two
# builds on a busy machine where wall time is not; alternate the two builds and run each at least twice.
#
# Usage: bench/test-cpu/run.sh ["<dotnet test filter>"]
#   default filter: FullyQualifiedName~.Conversations.|FullyQualifiedName~RateLimitTests|FullyQualifiedName~EmbeddedModeTests
# Needs the test services of scripts/test.sh already running and exported (WHATSSUITE_TEST_POSTGRES,
# WHATSSUITE_TEST_REDIS, WHATSSUITE_TEST_S3) and a Release build (dotnet build WhatsSuite.sln -c Release).
# Prints the test summary, the wall time and the test process's user + system CPU seconds (from /proc).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
filter="${1:-FullyQualifiedName~.Conversations.|FullyQualifiedName~RateLimitTests|FullyQualifiedName~EmbeddedModeTests}"
output="$(mktemp)"
trap 'rm -f "$output"' EXIT

start=$(date +%s.%N)
dotnet test tests/Api.IntegrationTests -c Release --no-build --filter "$filter" >"$output" 2>&1 &
test_pid=$!
host=""
for _ in $(seq 1 300); do
  host="$(pgrep -f "exec --runtimeconfig .*WhatsSuite.Api.IntegrationTests.runtimeconfig" | head -1 || true)"
  [ -n "$host" ] && break
  sleep 0.2
done
[ -n "$host" ] || { cat "$output" >&2; echo "the test process did not start" >&2; exit 1; }

# The last reading before the process ends: utime + stime (fields 14 and 15), in clock ticks.
ticks=0
while [ -e "/proc/$host/stat" ]; do
  reading="$(awk '{print $14 + $15}' "/proc/$host/stat" 2>/dev/null || true)"
  [ -n "$reading" ] && ticks="$reading"
  sleep 0.5
done
status=0
wait "$test_pid" || status=$?
end=$(date +%s.%N)

grep -E "Passed!|Failed!" "$output" || cat "$output"
awk -v s="$start" -v e="$end" -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
  'BEGIN { printf "wall %.1f s, test process CPU %.1f s, load average %s\n", e - s, t / hz, load }'
exit "$status"
