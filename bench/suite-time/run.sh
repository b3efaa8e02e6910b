#!/usr/bin/env bash
# Where the test suite's time goes on this machine: the clean Release build's time and CPU, and the tests' CPU against
# a PostgreSQL cluster on disk and one in memory (tmpfs), measured alternately in one run so that both sides see the
# same machine. CPU is read from /proc/stat (every process on the machine: the test
# processes, PostgreSQL, Redis, node, the compiler server), so run it on an otherwise idle machine.
#
# Usage: bench/suite-time/run.sh            (REPEATS=2 by default; on 2 cores about 3.5 minutes for the build and 12 per repeat)
#   REPEATS=N   test runs per cluster, alternated (disk, memory, disk, memory, ...)
#   BUILD=0     skip the clean build (the tests then run what is built)
# Writes bench/results/suite-time-<date>-<time>.md. Needs what scripts/test.sh needs, already installed (PostgreSQL, Redis,
# node for s3rver and the contract tests) and tests/*/node_modules installed (run scripts/test.sh once).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
repeats="${REPEATS:-2}"
out="bench/results/suite-time-$(date +%F-%H%M).md"
work="$(mktemp -d -t suite-time.XXXXXX)"
memory="$(mktemp -d -p /dev/shm suite-time.XXXXXX)"
chmod 755 "$work" "$memory"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  for dir in "$work/disk" "$memory/pg"; do
    [ -f "$dir/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
  done
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  [ -f "$work/s3.pid" ] && kill "$(cat "$work/s3.pid")" 2>/dev/null || true
  rm -rf "$work" "$memory"
}
trap cleanup EXIT

# Machine-wide busy and idle CPU seconds so far.
cpu() { awk '/^cpu /{ printf "%d %d\n", $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }
ticks="$(getconf CLK_TCK)"
# measure LABEL COMMAND...: runs the command, prints "LABEL wall busy-cpu-seconds cores".
measure() {
  local label="$1"; shift
  local before after start end
  before="$(cpu)"; start="$(date +%s.%N)"
  "$@" >"$work/$label.log" 2>&1 || { echo "$label failed, see below" >&2; tail -30 "$work/$label.log" >&2; exit 1; }
  end="$(date +%s.%N)"; after="$(cpu)"
  awk -v l="$label" -v s="$start" -v e="$end" -v t="$ticks" -v b="$before" -v a="$after" 'BEGIN {
    split(b, x, " "); split(a, y, " "); wall = e - s; busy = (y[1] - x[1]) / t
    printf "| %s | %.0f | %.0f | %.2f |\n", l, wall, busy, busy / wall }'
}

start_cluster() { # DIR PORT
  mkdir -p "$1"; [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$(dirname "$1")"
  as_postgres "$pg_bin/initdb" -D "$1" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  as_postgres "$pg_bin/pg_ctl" -D "$1" -l "$1.log" -w -t 60 start -o "-c listen_addresses=127.0.0.1 -p $2 -k $(dirname "$1") \
    -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c jit=off" >/dev/null
}
port() { echo $(( (RANDOM * 32768 + RANDOM) % 30000 + 20000 )); }
disk_port="$(port)"; memory_port="$(port)"; redis_port="$(port)"; s3_port="$(port)"
start_cluster "$work/disk" "$disk_port"
start_cluster "$memory/pg" "$memory_port"
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes --pidfile "$work/redis.pid" \
  --dir "$work" --logfile "$work/redis.log" >/dev/null
mkdir -p "$work/s3"
tests/s3server/node_modules/.bin/s3rver -d "$work/s3" -a 127.0.0.1 -p "$s3_port" --silent --no-vhost-buckets >/dev/null 2>&1 &
echo $! >"$work/s3.pid"
export WHATSSUITE_TEST_REDIS="redis://127.0.0.1:$redis_port" WHATSSUITE_TEST_S3="http://127.0.0.1:$s3_port"

clean_build() { # the compiler server stopped and every bin/obj removed, as on a fresh clone with packages restored
  dotnet build-server shutdown >/dev/null 2>&1 || true
  find src tests -type d \( -name bin -o -name obj \) -prune -not -path '*/node_modules/*' -exec rm -rf {} +
  dotnet build WhatsSuite.sln -c Release --nologo -v quiet
}
run_tests() { # PORT
  WHATSSUITE_TEST_POSTGRES="Host=127.0.0.1;Port=$1;Username=postgres;Database=postgres;Pooling=true" \
    dotnet test WhatsSuite.sln -c Release --no-build --nologo
}

{
  echo "# Test suite time, $(date -u '+%F %H:%M') UTC, commit $(git rev-parse --short HEAD)"
  echo
  echo "$(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg). CPU seconds are the whole machine's (/proc/stat)."
  echo
  echo "| step | wall s | busy CPU s | cores busy |"
  echo "|---|---:|---:|---:|"
} >"$out"
if [ "${BUILD:-1}" = "1" ]; then
  measure "clean build" clean_build >>"$out"
fi
for i in $(seq 1 "$repeats"); do
  measure "tests, PostgreSQL on disk ($i)" run_tests "$disk_port" >>"$out"
  measure "tests, PostgreSQL in memory ($i)" run_tests "$memory_port" >>"$out"
done
echo >>"$out"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$out"
cat "$out"
