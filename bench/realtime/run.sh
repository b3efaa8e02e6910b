#!/usr/bin/env bash
# Real-time desk benchmark: CLIENTS desk clients connected to WhatsSuite's hub (server mode, PostgreSQL + Redis) while
# signed webhooks arrive at RATE per second, against a bare SignalR hub broadcasting the same events to the same
# clients at the same rate, measured in the same run. See bench/README.md.
#
# Usage: bench/realtime/run.sh
# Environment (all optional):
#   CLIENTS=500              connected desk clients (agents, spread round-robin over the queues, one token each)
#   QUEUES=20                queues; each has one WhatsApp number (connection), and its agents see its conversations
#   RATE=200                 signed webhooks per second (one message each), spread over the queues' numbers
#   DURATION=15              seconds of every measured step
#   WARMUP=3                 seconds of the same load before each step (not measured; its receipts are awaited)
#   SETTLE=90                seconds of the same load on each system once, before the first repetition (not measured):
#                            a fresh API spends its first minute or so of load recompiling its hot code (ADR 0048)
#   REPEATS=3                repetitions (each: bare hub, then WhatsSuite); medians and min–max are reported
#   CONTACTS_PER_QUEUE=10    customers writing to each number (so most messages land in existing conversations)
#   DRAIN=60                 seconds to wait after a step for the last receipts before counting them lost
#   API_LOG_LEVEL=warn       LOG_LEVEL of the API during the run
#   API_ENVIRONMENT=Development
#   RESULTS_DIR=bench/results
#   KEEP_WORK=1              keep the work directory (logs, PostgreSQL data, step files) after the run
#   PG_STATEMENTS=1          record PostgreSQL's statements (pg_stat_statements) during the repetitions and write the most
#                            frequent ones, with their time, to <report>-statements.tsv (how many reads a webhook costs)
#   PERF=1                   sample the API process's CPU with Linux perf (kernel-sampled, every thread, on-CPU only,
#                            JIT-compiled frames named through the runtime's perf map) while the repetitions run, and
#                            write <report>-perf.txt (bench/perf-summary.py; needs perf, installed as linux-perf when
#                            root). Profiling costs the API CPU: do not quote the figures of a profiled run.
#
# Exit status: 0 when the run completed (a missed target is reported, not an error); non-zero when the harness itself
# failed (build, start-up, preparation, a step that did not run).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../perf.sh
. "$bench_dir/../perf.sh"
repo_root="$(cd "$bench_dir/../.." && pwd)"
cd "$repo_root"

CLIENTS="${CLIENTS:-500}"
QUEUES="${QUEUES:-20}"
RATE="${RATE:-200}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-3}"
SETTLE="${SETTLE:-90}"
REPEATS="${REPEATS:-3}"
CONTACTS_PER_QUEUE="${CONTACTS_PER_QUEUE:-10}"
DRAIN="${DRAIN:-60}"
API_LOG_LEVEL="${API_LOG_LEVEL:-warn}"
API_ENVIRONMENT="${API_ENVIRONMENT:-Development}"
RESULTS_DIR="${RESULTS_DIR:-$repo_root/bench/results}"
KEEP_WORK="${KEEP_WORK:-0}"
PERF="${PERF:-0}"
PG_STATEMENTS="${PG_STATEMENTS:-0}"

[ "$QUEUES" -le "$CLIENTS" ] || QUEUES="$CLIENTS"
run_id="$(date -u +%Y%m%dT%H%M%SZ)"
log() { printf '[realtime %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

work_dir="$(mktemp -d -t whatssuite-rt-bench.XXXXXX)"
chmod 755 "$work_dir"
steps_dir="$work_dir/steps"
mkdir -p "$steps_dir"
pg_root="$work_dir/pg"
pg_data="$pg_root/data"
pg_log="$pg_root/postgres.log"
pg_ctl_bin=""
redis_pid_file="$work_dir/redis.pid"
bare_pid=""
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
  stop_pid "$api_pid"
  stop_pid "$bare_pid"
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
  as_postgres "$pg_ctl_bin" -D "$pg_data" -l "$pg_log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_root -c max_connections=200$([ "$PG_STATEMENTS" != 1 ] || echo " -c shared_preload_libraries=pg_stat_statements")" >/dev/null \
    || { cat "$pg_log" >&2; die "PostgreSQL did not start"; }
  pg_version="$("$bin_dir/postgres" --version | awk '{print $3}')"
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE whatssuite" >/dev/null
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

rtload_dll="$bench_dir/RtLoad/bin/Release/net10.0/WhatsSuite.Bench.RtLoad.dll"
bare_dll="$bench_dir/BareHub/bin/Release/net10.0/WhatsSuite.Bench.BareHub.dll"
api_dll="$repo_root/src/Api/bin/Release/net10.0/WhatsSuite.Api.dll"

# ---------------------------------------------------------------------------------------------------------
ensure_packages
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is required"

log "building (Release): load generator, bare hub, WhatsSuite API"
for project in "$bench_dir/RtLoad/RtLoad.csproj" "$bench_dir/BareHub/BareHub.csproj" "$repo_root/src/Api/WhatsSuite.Api.csproj"; do
  dotnet build "$project" -c Release --nologo -v quiet >>"$work_dir/build.log" 2>&1 \
    || { cat "$work_dir/build.log" >&2; die "building $project"; }
done

start_postgres
start_redis

app_secret="bench-secret-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
admin_email="admin@bench.whatssuite.local"
admin_seed_password="Bench-seed-password-$RANDOM$RANDOM"
admin_password="Bench-chosen-password-$RANDOM$RANDOM"

# --- WhatsSuite (server mode) and the bare hub: both run the whole time; each idles while the other is measured ---
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
  # Tokens outlive the run (a desk connection closes when its token expires).
  "JWT_EXPIRES_IN=2h"
  # Preparation signs CLIENTS agents in from one IP: cheap hashes, and the per-IP/user budgets out of the way.
  "BCRYPT_SALT_ROUNDS=4" "PASSWORD_VERIFY_QUEUE=1000"
  "RATE_LIMIT_MAX_REQUESTS=10000000" "RATE_LIMIT_USER_MAX_REQUESTS=10000000" "RATE_LIMIT_API_MAX_REQUESTS=10000000"
  "RATE_LIMIT_AUTH_MAX_REQUESTS=10000000"
)
[ "$PERF" != "1" ] || api_env+=("${perf_api_env[@]}")
log "starting WhatsSuite API on $api_url"
(cd "$repo_root/src/Api/bin/Release/net10.0" && exec env "${api_env[@]}" dotnet "$api_dll" >>"$work_dir/api.log" 2>&1) &
api_pid=$!
wait_http_ok "$api_url/api/v1/health/ready" 180 "$api_pid" "$work_dir/api.log"

bare_port="$(free_port)"
bare_url="http://127.0.0.1:$bare_port"
log "starting the bare hub on $bare_url"
(BARE_APP_SECRET="$app_secret" ASPNETCORE_URLS="$bare_url" exec dotnet "$bare_dll" >>"$work_dir/bare.log" 2>&1) &
bare_pid=$!
wait_http_ok "$bare_url/health" 60 "$bare_pid" "$work_dir/bare.log"

log "preparing WhatsSuite: $QUEUES queues and numbers, $CLIENTS agents signed in"
prep="$work_dir/prep.json"
dotnet "$rtload_dll" prepare --api "$api_url" --admin-email "$admin_email" --admin-seed-password "$admin_seed_password" \
  --admin-password "$admin_password" --queues "$QUEUES" --clients "$CLIENTS" --secret "$app_secret" --out "$prep" \
  || { tail -n 40 "$work_dir/api.log" >&2; die "preparing WhatsSuite"; }

common=(--prep "$prep" --clients "$CLIENTS" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --drain "$DRAIN"
  --contacts-per-queue "$CONTACTS_PER_QUEUE" --secret "$app_secret")
: >"$work_dir/quiet.txt"
if [ "$SETTLE" -gt 0 ]; then
  # Not reported: the same load on each system until the runtime has recompiled what it runs (ADR 0048).
  log "settling: $SETTLE s of the same load on the bare hub, then on WhatsSuite (not measured)"
  settle=(--clients "$CLIENTS" --rate "$RATE" --duration 3 --warmup "$SETTLE" --drain "$DRAIN" --prep "$prep"
    --contacts-per-queue "$CONTACTS_PER_QUEUE" --secret "$app_secret")
  dotnet "$rtload_dll" run --system bare --hub "$bare_url/hubs/desk" --webhook-base "$bare_url/webhook" --pid "$bare_pid" \
    --step "bs" --label "bare.settle" --out "$work_dir/settle-bare.json" "${settle[@]}" >/dev/null || die "settling the bare hub"
  dotnet "$rtload_dll" run --system whatssuite --hub "$api_url/hubs/desk" --webhook-base "$api_url/api/v1/webhooks/whatsapp" \
    --pid "$api_pid" --step "ws" --label "whatssuite.settle" --out "$work_dir/settle-whatssuite.json" "${settle[@]}" >/dev/null \
    || { tail -n 40 "$work_dir/api.log" >&2; die "settling WhatsSuite"; }
fi
[ "$PERF" != "1" ] || perf_start "$api_pid" "$work_dir"
statements_sql() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -At -h 127.0.0.1 -p "$pg_port" -U postgres -d whatssuite "$@"; }
if [ "$PG_STATEMENTS" = 1 ]; then
  statements_sql -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null
fi
for rep in $(seq 1 "$REPEATS"); do
  busy="$(machine_busy 3)"
  echo "$busy" >>"$work_dir/quiet.txt"
  log "repetition $rep/$REPEATS: machine busy ${busy}% with this run idle"
  log "bare hub: $CLIENTS clients, $RATE webhooks/s for $DURATION s"
  dotnet "$rtload_dll" run --system bare --hub "$bare_url/hubs/desk" --webhook-base "$bare_url/webhook" --pid "$bare_pid" \
    --step "b$rep" --label "bare.r$rep" --out "$steps_dir/$(printf '%02d' "$rep")-1-bare.json" "${common[@]}" \
    || die "the bare hub step of repetition $rep"
  log "WhatsSuite: $CLIENTS clients, $RATE webhooks/s for $DURATION s"
  dotnet "$rtload_dll" run --system whatssuite --hub "$api_url/hubs/desk" --webhook-base "$api_url/api/v1/webhooks/whatsapp" \
    --pid "$api_pid" --step "w$rep" --label "whatssuite.r$rep" --out "$steps_dir/$(printf '%02d' "$rep")-2-whatssuite.json" "${common[@]}" \
    || { tail -n 40 "$work_dir/api.log" >&2; die "the WhatsSuite step of repetition $rep"; }
done
perf_stop

# --- Report ---------------------------------------------------------------------------------------------
facts="$work_dir/facts.txt"
{
  echo "run_id=$run_id"
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "dotnet=$(dotnet --version)"
  echo "postgres=$pg_version"
  echo "redis=$redis_version"
  echo "commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$repo_root" diff --quiet HEAD -- src 2>/dev/null || echo '+local-changes')"
  echo "clients=$CLIENTS"
  echo "queues=$QUEUES"
  echo "rate=$RATE"
  echo "duration=$DURATION"
  echo "warmup=$WARMUP"
  echo "settle=$SETTLE"
  echo "repeats=$REPEATS"
  echo "contacts_per_queue=$CONTACTS_PER_QUEUE"
  echo "quiet_busy_percent=$(paste -sd, "$work_dir/quiet.txt")"
  echo "api_environment=$API_ENVIRONMENT"
  echo "api_log_level=$API_LOG_LEVEL"
} >"$facts"

mkdir -p "$RESULTS_DIR"
report_base="$RESULTS_DIR/realtime-$(date -u +%Y-%m-%d)"
[ ! -e "$report_base.md" ] || report_base="$report_base-$(date -u +%H%M%S)"
dotnet "$rtload_dll" report --dir "$steps_dir" --facts "$facts" --md "$report_base.md" --json "$report_base.json" \
  || die "writing the report"
perf_report "$work_dir" "$report_base-perf.txt"
if [ "$PG_STATEMENTS" = 1 ]; then
  # Columns: calls, execution ms, rows, the statement (the repetitions only: preparation and settling are left out).
  statements_sql -F $'\t' -c "SELECT calls, round(total_exec_time::numeric, 1), rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
    FROM pg_stat_statements ORDER BY calls DESC LIMIT 30" >"$report_base-statements.tsv"
fi
log "results: $report_base.md and $report_base.json"
