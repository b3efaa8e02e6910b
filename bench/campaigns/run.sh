#!/usr/bin/env bash
# Campaign pacing benchmark: RECIPIENTS recipients on one connection, sent by WhatsSuite (server mode, PostgreSQL +
# Redis, the campaign dispatcher on Hangfire and the outbox) to a fake Graph API on loopback that records the time of
# every send, at each rate of RATES; in the same run, a bare loop sending the same requests to the fake at the same
# rate. Reports the rate over every 10-second window against the target (within 5 %, never above), the most sends in
# any second, duplicates, lost recipients, and CPU per 1,000 messages. See bench/README.md.
#
# Usage: bench/campaigns/run.sh
# Environment (all optional):
#   RECIPIENTS=100000        recipients per rate (a CSV audience)
#   WARMUP_RECIPIENTS=4000   recipients of a campaign at the first rate before the measured ones, not reported: a freshly
#                            started API spends its first minute recompiling its hot code with the runtime's
#                            optimisations, which would otherwise count as the first step's CPU; 0 measures a cold start
#   RATES="80 1000"          send rates (messages per second), one connection each
#   SETTLE=5                 seconds to wait after the last send before counting (late duplicates); a step ends when
#                            every recipient was sent or nothing arrived for a minute (the rest then counts as lost)
#   API_LOG_LEVEL=warn       LOG_LEVEL of the API during the run
#   API_ENVIRONMENT=Development
#   RESULTS_DIR=bench/results
#   KEEP_WORK=1              keep the work directory (logs, PostgreSQL data) after the run
#   PG_STATEMENTS=1          load pg_stat_statements and write the statements by calls next to the report, with how
#                            often each was planned and the time it took
#                            (<report>-statements.txt: where the database time of a send goes)
#   GRAPH_ANSWER_DELAY_MS=0  how long the fake Graph API waits after a send arrived before it answers: the way back of a
#                            round trip to Meta (50-100 ms from most hosts), which the send budget counts
#   BUSY_LOOPS=0             processes that each keep one core busy (a shell loop) from the first step to the end of the
#                            run: a machine shared with other work, reproducibly (the report records it); 0 on a quiet machine
#   PERF=1                   sample the API process's CPU with Linux perf (kernel-sampled, every thread, on-CPU only,
#                            JIT-compiled frames named through the runtime's perf map) while the steps run, and write
#                            <report>-perf.txt (bench/perf-summary.py: self time by thread, component, product method
#                            and frame; needs perf, installed as linux-perf when root). Profiling costs the API CPU: do
#                            not quote its figures.
#
# Exit status: 0 when the run completed (a missed target is reported, not an error); non-zero when the harness itself
# failed (build, start-up, a step that did not finish).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../perf.sh
. "$bench_dir/../perf.sh"
repo_root="$(cd "$bench_dir/../.." && pwd)"
cd "$repo_root"

RECIPIENTS="${RECIPIENTS:-100000}"
WARMUP_RECIPIENTS="${WARMUP_RECIPIENTS:-4000}"
RATES="${RATES:-80 1000}"
SETTLE="${SETTLE:-5}"
API_LOG_LEVEL="${API_LOG_LEVEL:-warn}"
API_ENVIRONMENT="${API_ENVIRONMENT:-Development}"
RESULTS_DIR="${RESULTS_DIR:-$repo_root/bench/results}"
KEEP_WORK="${KEEP_WORK:-0}"
PG_STATEMENTS="${PG_STATEMENTS:-0}"
PERF="${PERF:-0}"
BUSY_LOOPS="${BUSY_LOOPS:-0}"
GRAPH_ANSWER_DELAY_MS="${GRAPH_ANSWER_DELAY_MS:-0}"
busy_pids=()

run_id="$(date -u +%Y%m%dT%H%M%SZ)"
log() { printf '[campaigns %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

work_dir="$(mktemp -d -t whatssuite-campaign-bench.XXXXXX)"
chmod 755 "$work_dir"
pg_root="$work_dir/pg"
pg_data="$pg_root/data"
pg_log="$pg_root/postgres.log"
pg_ctl_bin=""
redis_pid_file="$work_dir/redis.pid"
graph_pid=""
api_pid=""

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_pid() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill "$pid" >/dev/null 2>&1 || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" >/dev/null 2>&1 || return 0
    sleep 0.1
  done
  kill -9 "$pid" >/dev/null 2>&1 || true
}

cleanup() {
  local status=$?
  local pid
  for pid in "${busy_pids[@]}"; do
    stop_pid "$pid"
  done
  stop_pid "$api_pid"
  stop_pid "$graph_pid"
  if [ -n "$pg_ctl_bin" ] && [ -f "$pg_data/postmaster.pid" ]; then
    as_postgres "$pg_ctl_bin" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ -f "$redis_pid_file" ]; then
    kill "$(cat "$redis_pid_file")" >/dev/null 2>&1 || true
  fi
  if [ "$KEEP_WORK" = "1" ] || [ "$status" -ne 0 ]; then
    log "work directory kept: $work_dir"
  else
    rm -rf "$work_dir"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( (RANDOM * 32768 + RANDOM) % 30000 + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free loopback port found"
}

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
  return 1
}

ensure_packages() {
  local missing=()
  find_pg_bin >/dev/null || missing+=(postgresql)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    die "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian packages start their own cluster and server; the benchmark uses private ones.
  service postgresql stop >/dev/null 2>&1 || true
  service redis-server stop >/dev/null 2>&1 || true
}

pg_port=""
pg_version=""
start_postgres() {
  local bin_dir
  bin_dir="$(find_pg_bin)"
  pg_ctl_bin="$bin_dir/pg_ctl"
  pg_port="$(free_port)"
  mkdir -p "$pg_root"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$pg_root"
  fi
  as_postgres "$bin_dir/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --no-locale >"$work_dir/initdb.log" 2>&1 \
    || { cat "$work_dir/initdb.log" >&2; die "initdb"; }
  # Durability stays on (fsync, synchronous_commit, full_page_writes): every event follows a committed write.
  local preload=""
  [ "$PG_STATEMENTS" != "1" ] || preload="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on"
  as_postgres "$pg_ctl_bin" -D "$pg_data" -l "$pg_log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_root -c max_connections=200 $preload" >/dev/null \
    || { cat "$pg_log" >&2; die "PostgreSQL did not start"; }
  pg_version="$("$bin_dir/postgres" --version | awk '{print $3}')"
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE whatssuite" >/dev/null
  if [ "$PG_STATEMENTS" = "1" ]; then
    psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d whatssuite -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  fi
  log "PostgreSQL $pg_version on 127.0.0.1:$pg_port (fsync on)"
}

redis_port=""
redis_version=""
start_redis() {
  redis_port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
    --pidfile "$redis_pid_file" --dir "$work_dir" --logfile "$work_dir/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    if redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
      redis_version="$(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
      log "Redis $redis_version on 127.0.0.1:$redis_port"
      return 0
    fi
    sleep 0.1
  done
  cat "$work_dir/redis.log" >&2
  die "Redis did not start"
}

wait_http_ok() { # URL TIMEOUT PID LOGFILE
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$3" >/dev/null 2>&1; then
      tail -n 40 "$4" >&2
      die "the process serving $1 exited during start-up (log: $4)"
    fi
    sleep 0.5
  done
  tail -n 40 "$4" >&2
  die "$1 did not answer within $2 s"
}

# machine_busy SECONDS: busy % of the whole machine over SECONDS while this run is idle (other people's work)
machine_busy() {
  local a b
  a=($(head -n 1 /proc/stat))
  sleep "$1"
  b=($(head -n 1 /proc/stat))
  awk -v a="${a[*]}" -v b="${b[*]}" 'BEGIN {
    split(a, x, " "); split(b, y, " "); total = 0; idle = 0
    for (i = 2; i <= 9; i++) total += y[i] - x[i]
    idle = (y[5] - x[5]) + (y[6] - x[6])
    printf "%.0f", (total > 0 ? 100 * (total - idle) / total : 0) }'
}

bench_dll="$bench_dir/CampaignBench/bin/Release/net10.0/WhatsSuite.Bench.CampaignBench.dll"
api_dll="$repo_root/src/Api/bin/Release/net10.0/WhatsSuite.Api.dll"

# ---------------------------------------------------------------------------------------------------------
ensure_packages
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is required"

log "building (Release): the benchmark tool and the WhatsSuite API"
for project in "$bench_dir/CampaignBench/CampaignBench.csproj" "$repo_root/src/Api/WhatsSuite.Api.csproj"; do
  dotnet build "$project" -c Release --nologo -v quiet >>"$work_dir/build.log" 2>&1 \
    || { cat "$work_dir/build.log" >&2; die "building $project"; }
done

start_postgres
start_redis

graph_port="$(free_port)"
graph_url="http://127.0.0.1:$graph_port"
log "starting the fake Graph API on $graph_url"
(exec dotnet "$bench_dll" graph --port "$graph_port" --answer-delay-ms "$GRAPH_ANSWER_DELAY_MS" >>"$work_dir/graph.log" 2>&1) &
graph_pid=$!
wait_http_ok "$graph_url/health" 60 "$graph_pid" "$work_dir/graph.log"

admin_email="admin@bench.whatssuite.local"
admin_seed_password="Bench-seed-password-$RANDOM$RANDOM"
admin_password="Bench-chosen-password-$RANDOM$RANDOM"
api_port="$(free_port)"
api_url="http://127.0.0.1:$api_port"
api_env=(
  "ASPNETCORE_URLS=$api_url"
  "ASPNETCORE_ENVIRONMENT=$API_ENVIRONMENT"
  "POSTGRES_HOST=127.0.0.1" "POSTGRES_PORT=$pg_port" "POSTGRES_USER=postgres" "POSTGRES_DB=whatssuite"
  "REDIS_URL=redis://127.0.0.1:$redis_port"
  "JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
  "DATA_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
  "ADMIN_EMAIL=$admin_email" "ADMIN_PASSWORD=$admin_seed_password"
  "MFA_REQUIRED_ROLES=none"
  "HTTP_REQUIRE_HTTPS=false"
  "LOG_LEVEL=$API_LOG_LEVEL"
  "SERVICE_INSTANCE_ID=bench-api"
  "DB_MIGRATE_ON_STARTUP=true"
  "JWT_EXPIRES_IN=12h"
  "WHATSAPP_GRAPH_BASE_URL=$graph_url/"
  "WHATSAPP_GRAPH_VERSION=v23.0"
  "BCRYPT_SALT_ROUNDS=4"
)
[ "$PERF" != "1" ] || api_env+=("${perf_api_env[@]}")
log "starting WhatsSuite API on $api_url"
(cd "$repo_root/src/Api/bin/Release/net10.0" && exec env "${api_env[@]}" dotnet "$api_dll" >>"$work_dir/api.log" 2>&1) &
api_pid=$!
wait_http_ok "$api_url/api/v1/health/ready" 180 "$api_pid" "$work_dir/api.log"

busy="$(machine_busy 3)"
log "machine busy ${busy}% with this run idle"
facts="$work_dir/facts.txt"
{
  echo "run_id=$run_id"
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "kernel=$(uname -sr)"
  echo "dotnet=$(dotnet --version)"
  echo "postgres=$pg_version"
  echo "redis=$redis_version"
  echo "commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$repo_root" diff --quiet HEAD -- src 2>/dev/null || echo '+local-changes')"
  echo "recipients=$RECIPIENTS"
  echo "warmup_recipients=$WARMUP_RECIPIENTS"
  echo "rates=$RATES"
  echo "quiet_busy_percent=$busy"
  echo "busy_loops=$BUSY_LOOPS"
  echo "graph_answer_delay_ms=$GRAPH_ANSWER_DELAY_MS"
} >"$facts"

for _ in $(seq 1 "$BUSY_LOOPS"); do
  (while :; do :; done) &
  busy_pids+=("$!")
done
[ "$BUSY_LOOPS" = "0" ] || log "$BUSY_LOOPS busy loop(s) keep as many cores busy until the run ends"

mkdir -p "$RESULTS_DIR"
report_base="$RESULTS_DIR/campaigns-$(date -u +%Y-%m-%d)"
[ ! -e "$report_base.md" ] || report_base="$report_base-$(date -u +%H%M%S)"
[ "$PERF" != "1" ] || perf_start "$api_pid" "$work_dir"
dotnet "$bench_dll" drive --api "$api_url" --graph "$graph_url" --api-pid "$api_pid" \
  --admin-email "$admin_email" --admin-seed-password "$admin_seed_password" --admin-password "$admin_password" \
  --recipients "$RECIPIENTS" --warmup "$WARMUP_RECIPIENTS" --rates "$RATES" --settle "$SETTLE" --facts "$facts" --md "$report_base.md" --json "$report_base.json" \
  || { tail -n 40 "$work_dir/api.log" >&2; die "the benchmark steps"; }
perf_stop
perf_report "$work_dir" "$report_base-perf.txt"
if [ "$PG_STATEMENTS" = "1" ]; then
  # Statements of the whole run (set-up included), most called first: calls per send = calls / messages sent. "plans" is
  # how many times the statement was planned: near its calls, a prepared statement is planned anew on every run.
  psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d whatssuite -P pager=off -c \
    "SELECT calls, plans, round(total_exec_time::numeric, 0) AS total_ms, round(total_plan_time::numeric, 0) AS plan_ms, round(mean_exec_time::numeric, 3) AS mean_ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 220) AS query
     FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'whatssuite') ORDER BY calls DESC LIMIT 60" \
    >"$report_base-statements.txt"
  log "statements: $report_base-statements.txt"
fi
cat "$report_base.md"
log "results: $report_base.md and $report_base.json"
