#!/usr/bin/env bash
# Processing cost of the webhook inbox, in CPU time per stored message (API process and PostgreSQL server apart):
# a figure that stays comparable on a busy machine, unlike rates and latencies. See bench/README.md ("Drain cost").
#
# Usage: bench/webhook-ingest/drain-cost.sh WORK_DIR [LABEL]
#   WORK_DIR   the work directory kept by `KEEP_WORK=1 bench/webhook-ingest/run.sh` (its PostgreSQL cluster holds the
#              connection and the processed deliveries that are replayed here under fresh wamids)
# Environment (all optional):
#   MESSAGES=15000   one-message deliveries put in the inbox at once (at most the distinct deliveries of the kept run)
#   API_DIR=src/Api/bin/Release/net10.0   the WhatsSuite build to measure (build it first)
#   TRACE=1          also take a 25 s dotnet-trace CPU sample of the API (Speedscope) while it drains
#   TRACE=alloc      also sample the API's allocations for 10 s of the drain and sum them by type and by WhatsSuite
#                    method (bench/alloc-summary) into drain-cost-<label>-alloc.txt
#   WARMUP=100000    deliveries drained first and not measured, so the measured drain runs on code the runtime has
#                    already optimised: code that runs once per batch of 500 needs about 60 batches before the runtime
#                    optimises it (bench/README, "Drain at steady state"); at most the kept run's distinct deliveries are
#                    used; 0 measures a cold start
#   PERF=1           sample the API's CPU with Linux perf during the measured drain (every thread, JIT frames named
#                    through the runtime's perf map) and write drain-cost-<label>-perf.txt (bench/perf-summary.py).
#                    Profiling costs CPU: do not compare a profiled figure with an unprofiled one.
#   COUNTERS=1       also count the API's allocations and garbage collections during the measured drain
#                    (dotnet-counters, System.Runtime); the line then ends with alloc_kb_per_message and gcs: figures
#                    that, unlike CPU time, do not change when the machine is busy
#   RESULTS_DIR=bench/results
# Prints one line: messages, wall time, rate, API and PostgreSQL CPU seconds and milliseconds per message; writes the
# top statements (pg_stat_statements) beside it.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/../.." && pwd)"
work="${1:?usage: drain-cost.sh WORK_DIR [LABEL]}"
label="${2:-drain}"
MESSAGES="${MESSAGES:-15000}"
WARMUP="${WARMUP:-100000}"
PERF="${PERF:-0}"
API_DIR="${API_DIR:-$repo_root/src/Api/bin/Release/net10.0}"
RESULTS_DIR="${RESULTS_DIR:-$repo_root/bench/results}"
pg_data="$work/pg/data"
[ -d "$pg_data" ] || { echo "no PostgreSQL cluster in $pg_data (run run.sh with KEEP_WORK=1 first)" >&2; exit 1; }
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_port="$(free_port)"; redis_port="$(free_port)"; api_port="$(free_port)"
as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/pg/drain-postgres.log" -w \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on" start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no --pidfile "$work/drain-redis.pid" >/dev/null
api=""
cleanup() {
  [ -z "$api" ] || kill "$api" 2>/dev/null || true
  [ -z "$api" ] || wait "$api" 2>/dev/null || true
  kill "$(cat "$work/drain-redis.pid" 2>/dev/null)" 2>/dev/null || true
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
P=(psql -X -h 127.0.0.1 -p "$pg_port" -U postgres -d whatssuite -At -q)
"${P[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
postmaster="$(head -1 "$pg_data/postmaster.pid")"
ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk -v all="$2" '{ print $12 + $13 + (all ? $14 + $15 : 0) }' || echo 0; }
pg_ticks() { local t; t=$(ticks "$postmaster" 1); for p in $(pgrep -P "$postmaster"); do t=$((t + $(ticks "$p" 0))); done; echo "$t"; }

"${P[@]}" -c "DELETE FROM webhook_inbox WHERE status = 'Pending'"
(cd "$API_DIR" && exec env ASPNETCORE_URLS="http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Development \
  POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$pg_port" POSTGRES_USER=postgres POSTGRES_DB=whatssuite REDIS_URL="redis://127.0.0.1:$redis_port" \
  JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" DATA_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64 | tr -d '\n')" \
  ADMIN_EMAIL=admin@bench.whatssuite.local ADMIN_PASSWORD=Bench-seed-password-1 MFA_REQUIRED_ROLES=none HTTP_REQUIRE_HTTPS=false \
  LOG_LEVEL=warn SERVICE_INSTANCE_ID=drain-cost DB_MIGRATE_ON_STARTUP=true \
  $([ "$PERF" = 1 ] && echo "DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_PerfMapShowOptimizationTiers=1") dotnet WhatsSuite.Api.dll >"$work/drain-api-$label.log" 2>&1) &
api=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$api_port/api/v1/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "http://127.0.0.1:$api_port/api/v1/health/ready" >/dev/null || { echo "the API did not start; see $work/drain-api-$label.log" >&2; exit 1; }
sleep 3
# Puts $2 of the kept run's one-message deliveries in the inbox at once, under wamids of trial $1: every processed
# one-message delivery once more, under a fresh wamid, so new messages for the same contacts. They are taken in the
# order of their body's MD5, a fixed shuffle: in the body's own order the first ones all come from the few senders
# whose names sort first, and a batch would touch a quarter of the conversations a run's batch touches.
enqueue() {
  "${P[@]}" -c "INSERT INTO webhook_inbox (id, connection_id, app_id, body, status, attempts, progress, split_items, received_at, next_attempt_at)
  SELECT gen_random_uuid(), connection_id, app_id, replace(body, '\"id\":\"wamid.', '\"id\":\"wamid.$1.'), 'Pending', 0, 0, 0, now(), now()
  FROM (SELECT DISTINCT ON (body) * FROM webhook_inbox WHERE parent_id IS NULL AND status = 'Processed' AND body LIKE '%\"messages\":[%' ORDER BY body) s
  ORDER BY md5(s.body)
  LIMIT $2"
}
drained() { while [ "$("${P[@]}" -c "SELECT EXISTS (SELECT 1 FROM webhook_inbox WHERE status = 'Pending')")" = t ]; do sleep 0.5; done; }
if [ "$WARMUP" -gt 0 ]; then
  enqueue "w$(date +%s%N | tail -c 9)" "$WARMUP"
  drained
  sleep 5
fi
"${P[@]}" -c "SELECT pg_stat_statements_reset()" >/dev/null
before="$("${P[@]}" -c "SELECT count(*) FROM messages")"
trial="d$(date +%s%N | tail -c 9)"
perf_pid=""
if [ "$PERF" = 1 ]; then
  perf record -q -F 499 -g -p "$api" -o "$work/drain-$label.perf.data" >"$work/drain-perf-$label.log" 2>&1 &
  perf_pid=$!
  sleep 1
fi
counters_pid=""
if [ "${COUNTERS:-0}" = 1 ]; then
  rm -f "$work/drain-counters-$label.csv"
  (cd "$repo_root" && exec dotnet dotnet-counters collect -p "$api" --refresh-interval 1 --format csv -o "$work/drain-counters-$label.csv" \
    --counters 'System.Runtime[dotnet.gc.heap.total_allocated,dotnet.gc.collections]' >"$work/drain-counters-$label.log" 2>&1) &
  counters_pid=$!
  for _ in $(seq 1 50); do [ -s "$work/drain-counters-$label.csv" ] && break; sleep 0.2; done
  sleep 1.5
fi
pg0=$(pg_ticks); api0=$(ticks "$api" 0); t0=$(date +%s.%N)
enqueue "$trial" "$MESSAGES"
if [ "${TRACE:-0}" = 1 ]; then
  mkdir -p "$RESULTS_DIR"
  (cd "$repo_root" && timeout 180 dotnet dotnet-trace collect -p "$api" --profile dotnet-sampled-thread-time --duration 00:00:00:25 \
    -o "$RESULTS_DIR/drain-cost-$label.nettrace" --format Speedscope >"$work/drain-trace-$label.log" 2>&1 &)
elif [ "${TRACE:-0}" = alloc ]; then
  # A sample of the allocations (about one event per 100 KB, with its type and stack) for 10 s of the drain, summed
  # by bench/alloc-summary into drain-cost-<label>-alloc.txt.
  mkdir -p "$RESULTS_DIR"
  (cd "$repo_root" && timeout 180 dotnet dotnet-trace collect -p "$api" --profile gc-verbose --duration 00:00:00:10 \
    -o "$work/drain-$label-alloc.nettrace" >"$work/drain-trace-$label.log" 2>&1 \
    && dotnet run -c Release --project "$bench_dir/../alloc-summary" -- "$work/drain-$label-alloc.nettrace" >"$RESULTS_DIR/drain-cost-$label-alloc.txt" 2>>"$work/drain-trace-$label.log" &)
fi
drained
t1=$(date +%s.%N); pg1=$(pg_ticks); api1=$(ticks "$api" 0)
if [ -n "$counters_pid" ]; then
  # The tool writes its file through a buffer of about ten seconds of intervals, and it runs under the dotnet host,
  # started in the background, where an interrupt is ignored: it is terminated once the drain's intervals are written.
  sleep 12
  pkill -TERM -P "$counters_pid" 2>/dev/null || true
  kill -TERM "$counters_pid" 2>/dev/null || true
  wait "$counters_pid" 2>/dev/null || true
fi
if [ -n "$perf_pid" ]; then
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  mkdir -p "$RESULTS_DIR"
  python3 "$bench_dir/../perf-summary.py" "$work/drain-$label.perf.data" >"$RESULTS_DIR/drain-cost-$label-perf.txt"
  echo "profile: $RESULTS_DIR/drain-cost-$label-perf.txt" >&2
fi
after="$("${P[@]}" -c "SELECT count(*) FROM messages")"
mkdir -p "$RESULTS_DIR"
# Columns: calls, plans (near the calls: planned anew on every run), execution ms, planning ms, mean execution ms, rows.
"${P[@]}" -F $'\t' -c "SELECT calls, plans, round(total_exec_time::numeric, 1), round(total_plan_time::numeric, 1), round(mean_exec_time::numeric, 3), rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
  FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 20" >"$RESULTS_DIR/drain-cost-$label-statements.tsv"
counters_csv=""
[ -z "$counters_pid" ] || counters_csv="$work/drain-counters-$label.csv"
python3 - "$label" "$((after - before))" "$t0" "$t1" "$api0" "$api1" "$pg0" "$pg1" "$(getconf CLK_TCK)" "$(cut -d' ' -f1 /proc/loadavg)" "$counters_csv" <<'PY'
import csv, sys
label, n, t0, t1, a0, a1, p0, p1, tck, load, counters = sys.argv[1:]
n = int(n); wall = float(t1) - float(t0); api = (int(a1) - int(a0)) / int(tck); pg = (int(p1) - int(p0)) / int(tck)
line = (f"{label}: messages={n} wall={wall:.1f}s rate={n / wall:.0f}/s api_cpu={api:.1f}s pg_cpu={pg:.1f}s "
        f"cpu_ms_per_message api={1000 * api / n:.3f} postgres={1000 * pg / n:.3f} total={1000 * (api + pg) / n:.3f} load1={load}")
if counters:
    # Both counters are cumulative; dotnet-counters writes their increase over each interval. The collection ran from
    # before the deliveries were queued until after the inbox was empty, with the API otherwise idle.
    allocated = 0.0; gcs = 0.0
    with open(counters, newline="") as f:
        for row in csv.DictReader(f):
            name = row.get("Counter Name", ""); value = float(row.get("Mean/Increment") or 0)
            if name.startswith("dotnet.gc.heap.total_allocated"):
                allocated += value
            elif name.startswith("dotnet.gc.collections"):
                gcs += value
    line += f" alloc_kb_per_message={allocated / 1024 / n:.1f} gcs={gcs:.0f}"
print(line)
PY
