#!/usr/bin/env bash
# Desk-at-scale benchmark: conversation lists, filters, search, counters and message pages of WhatsSuite (server
# mode, PostgreSQL + Redis) on a generated data set, each endpoint against the bare SQL it runs, in the same run.
# See bench/README.md ("Desk at scale").
#
# Usage: bench/scale/run.sh
# Environment (all optional):
#   CONVERSATIONS=100000 MESSAGES=1000000 CONTACTS=50000   size of the data set
#   QUEUES=20 SUPERVISORS=10 AGENTS=200 CONNECTIONS=4 DAYS=90 BUSY_MESSAGES=500 SEED=42
#   BLOCK_SECONDS=30         measured seconds of every block (one endpoint, one system, one user count)
#   WARMUP=3                 warm-up seconds before every block
#   USERS="1 20"             concurrent users (closed loop) of the blocks
#   REPEATS=3                repetitions of every block (the report gives median and spread)
#   ONLY=                    comma-separated endpoint names to measure (default: all; see README)
#   PG_SETTINGS="-c jit=off -c shared_buffers=1GB -c max_wal_size=8GB"  postgres -c settings of the private server
#   DATA_DIR=                keep the PostgreSQL cluster there and reuse it on the next run with the same
#                            data-set settings (skips generation); default: a temporary directory, removed
#   LABEL=                   name part of the result files (default: messages count)
#   SKIP_BUILD=1             use the Release binaries already built (src/Api and bench/scale/Measure)
#   READY_TIMEOUT=300        seconds the API may take to start (it applies migrations to a kept cluster first)
#   GENERATE_ONLY=1          generate (or check) the data set in DATA_DIR, let the background jobs catch up with it,
#                            and stop before measuring: a large data set can be prepared ahead of a quiet window
#   CATCHUP_TIMEOUT=3600     seconds the API's background jobs may take to catch up with the data set before measuring
#                            (the dashboard rollups' first pass over a new data set); the run fails when exceeded
#   JOBS=on                  off: the API runs as a web-only instance (HANGFIRE_SERVER_ENABLED=false), so no background
#                            job runs during the measurement and the catch-up wait is skipped; for the lists of a data
#                            set whose dashboards are not measured (the report says so)
#   DASHBOARD_CACHE_SECONDS=0  the API's dashboard cache: 0 computes every view (what a view costs after new data
#                            invalidated it); 30 (the product's default) reads repeated views from Redis
#   QUIET_SECONDS=10         seconds without a running API statement required before measuring (QUIET_TIMEOUT=300)
#   ROLLUP_ROUNDS=0          > 0: measure the dashboard rollups instead of the endpoints: that many rounds, each writing one
#                            new message (in order, as the product does) into ROLLUP_TOUCH=2000 random conversations and
#                            waiting for the rollup job to count them; reports per round the rows and time of the job's
#                            read of messages (pg_stat_statements, preloaded for this mode) and the CPU of the API and
#                            PostgreSQL meanwhile
#   API_LOG_LEVEL=warn  API_ENVIRONMENT=Development  RESULTS_DIR=bench/results  KEEP_WORK=1 (keep logs)
#
# Exit status: 0 when the run completed (a missed target is reported, not an error); non-zero when the harness
# itself failed (build, start-up, sign-in, generation).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/../.." && pwd)"
cd "$repo_root"

CONVERSATIONS="${CONVERSATIONS:-100000}"
MESSAGES="${MESSAGES:-1000000}"
CONTACTS="${CONTACTS:-50000}"
QUEUES="${QUEUES:-20}"
SUPERVISORS="${SUPERVISORS:-10}"
AGENTS="${AGENTS:-200}"
CONNECTIONS="${CONNECTIONS:-4}"
DAYS="${DAYS:-90}"
BUSY_MESSAGES="${BUSY_MESSAGES:-500}"
SEED="${SEED:-42}"
BLOCK_SECONDS="${BLOCK_SECONDS:-30}"
WARMUP="${WARMUP:-3}"
USERS="${USERS:-1 20}"
REPEATS="${REPEATS:-3}"
ONLY="${ONLY:-}"
PG_SETTINGS="${PG_SETTINGS:--c jit=off -c shared_buffers=1GB -c max_wal_size=8GB}"
DATA_DIR="${DATA_DIR:-}"
LABEL="${LABEL:-${MESSAGES}msg}"
API_LOG_LEVEL="${API_LOG_LEVEL:-warn}"
API_ENVIRONMENT="${API_ENVIRONMENT:-Development}"
RESULTS_DIR="${RESULTS_DIR:-$repo_root/bench/results}"
KEEP_WORK="${KEEP_WORK:-0}"
SKIP_BUILD="${SKIP_BUILD:-0}"
GENERATE_ONLY="${GENERATE_ONLY:-0}"
JOBS="${JOBS:-on}"
DASHBOARD_CACHE_SECONDS="${DASHBOARD_CACHE_SECONDS:-0}"
ROLLUP_ROUNDS="${ROLLUP_ROUNDS:-0}"
ROLLUP_TOUCH="${ROLLUP_TOUCH:-2000}"
[ "$ROLLUP_ROUNDS" = 0 ] || PG_SETTINGS="$PG_SETTINGS -c shared_preload_libraries=pg_stat_statements"
[ "$JOBS" = on ] || [ "$JOBS" = off ] || { echo "JOBS must be on or off" >&2; exit 2; }

log() { printf '[desk-scale %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

work_dir="$(mktemp -d -t whatssuite-scale.XXXXXX)"
chmod 755 "$work_dir"
pg_root="$work_dir/pg"
pg_data="${DATA_DIR:-$pg_root/data}"
pg_log_dir="$work_dir/pglog"
pg_ctl_bin=""
redis_pid_file="$work_dir/redis.pid"
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
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends postgresql-contrib "${missing[@]}" >/dev/null
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
  mkdir -p "$pg_root" "$pg_log_dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$pg_root" "$pg_log_dir"
  fi
  if [ ! -f "$pg_data/PG_VERSION" ]; then
    mkdir -p "$pg_data"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pg_data"
    as_postgres "$bin_dir/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --no-locale >"$work_dir/initdb.log" 2>&1 \
      || { cat "$work_dir/initdb.log" >&2; die "initdb"; }
  fi
  # Durability keeps its defaults (fsync, synchronous_commit on). The CSV log lets the measurement tool read back
  # the SQL one request runs (statement logging is switched on for that one request only).
  # shellcheck disable=SC2086
  as_postgres "$pg_ctl_bin" -D "$pg_data" -l "$pg_root/postgres.log" -w -t 120 start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_root -c max_connections=200 -c logging_collector=on -c log_destination=csvlog -c log_directory=$pg_log_dir -c log_filename=pg.log -c log_rotation_size=0 $PG_SETTINGS" >/dev/null \
    || { cat "$pg_root/postgres.log" >&2; die "PostgreSQL did not start"; }
  pg_version="$("$bin_dir/postgres" --version | awk '{print $3}')"
  psql_q postgres "SELECT 1 FROM pg_database WHERE datname = 'whatssuite'" | grep -q 1 || psql_q postgres "CREATE DATABASE whatssuite" >/dev/null
  log "PostgreSQL $pg_version on 127.0.0.1:$pg_port ($PG_SETTINGS), data in $pg_data"
}

psql_q() {
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" -At -F $'\t' -c "$2"
}

redis_port=""
start_redis() {
  redis_port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
    --pidfile "$redis_pid_file" --dir "$work_dir" --logfile "$work_dir/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "Redis did not start"
}

wait_http_ok() { # URL TIMEOUT PID LOGFILE
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$3" >/dev/null 2>&1 || { tail -n 40 "$4" >&2; die "the process serving $1 exited during start-up (log: $4)"; }
    sleep 0.5
  done
  tail -n 40 "$4" >&2
  die "$1 did not answer within $2 s"
}

measure_dll="$bench_dir/Measure/bin/Release/net10.0/WhatsSuite.Bench.Scale.dll"
api_dll="$repo_root/src/Api/bin/Release/net10.0/WhatsSuite.Api.dll"

ensure_packages
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is required"
if [ "$SKIP_BUILD" = 1 ]; then
  [ -f "$measure_dll" ] && [ -f "$api_dll" ] || die "SKIP_BUILD=1 but $measure_dll or $api_dll is missing"
else
  log "building the measurement tool and the API (Release)"
  dotnet build "$bench_dir/Measure/Measure.csproj" -c Release --nologo -v quiet >"$work_dir/build.log" 2>&1 \
    || { cat "$work_dir/build.log" >&2; die "building the measurement tool"; }
  dotnet build "$repo_root/src/Api/WhatsSuite.Api.csproj" -c Release --nologo -v quiet >>"$work_dir/build.log" 2>&1 \
    || { cat "$work_dir/build.log" >&2; die "building the WhatsSuite API"; }
fi

start_postgres
start_redis

api_port="$(free_port)"
api_url="http://127.0.0.1:$api_port"
admin_email="admin@bench.whatssuite.local"
admin_seed_password="Bench-seed-password-1"
# Fixed, so that a kept cluster (DATA_DIR) can be signed in to again; the server listens on loopback only.
admin_password="Bench-chosen-password-2"
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
  # Dashboard views are measured uncached by default: what a supervisor waits for after new data invalidated the cache.
  "DASHBOARD_CACHE_SECONDS=$DASHBOARD_CACHE_SECONDS"
  # The load comes from one IP: raise the per-IP/user/key budgets out of the way. Backpressure keeps its defaults.
  "RATE_LIMIT_MAX_REQUESTS=10000000" "RATE_LIMIT_USER_MAX_REQUESTS=10000000" "RATE_LIMIT_API_MAX_REQUESTS=10000000"
  # The tool signs in afresh for every block (a long run outlives an access token): lift the sign-in budgets too.
  "RATE_LIMIT_AUTH_MAX_REQUESTS=10000000" "RATE_LIMIT_AUTH_EMAIL_MAX_REQUESTS=10000000"
)
[ "$JOBS" = on ] || api_env+=("HANGFIRE_SERVER_ENABLED=false")
log "starting WhatsSuite API on $api_url"
(cd "$repo_root/src/Api/bin/Release/net10.0" && exec env "${api_env[@]}" dotnet "$api_dll" >>"$work_dir/api.log" 2>&1) &
api_pid=$!
wait_http_ok "$api_url/api/v1/health/ready" "${READY_TIMEOUT:-300}" "$api_pid" "$work_dir/api.log"

# The seeded admin chooses its password once (a reused cluster already has it).
login_status="$(curl -sS -o "$work_dir/login.json" -w '%{http_code}' -X POST "$api_url/api/v1/auth/login" -H 'Content-Type: application/json' \
  --data "{\"email\":\"$admin_email\",\"password\":\"$admin_seed_password\"}")"
if [ "$login_status" = 200 ]; then
  token="$(sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p' "$work_dir/login.json")"
  change_status="$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$api_url/api/v1/auth/change-password" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" --data "{\"currentPassword\":\"$admin_seed_password\",\"newPassword\":\"$admin_password\"}")"
  [ "$change_status" = 200 ] || die "the admin's first password change answered $change_status"
fi

# generator=2: outbound messages from agents and resolutions; generator=3: agents' presence and campaigns (a data set of
# an earlier generator is another data set).
settings="generator=3 conversations=$CONVERSATIONS messages=$MESSAGES contacts=$CONTACTS queues=$QUEUES supervisors=$SUPERVISORS agents=$AGENTS connections=$CONNECTIONS days=$DAYS busy=$BUSY_MESSAGES seed=$SEED"
existing="$(psql_q whatssuite "SELECT value FROM bench_facts WHERE name = 'settings'" 2>/dev/null || true)"
if [ "$existing" = "$settings" ]; then
  log "reusing the generated data set in $pg_data ($settings)"
else
  [ -z "$existing" ] || die "$pg_data holds another data set ($existing); use another DATA_DIR"
  log "generating the data set ($settings)"
  started=$(date +%s)
  PGOPTIONS="-c client_min_messages=warning -c bench.seed=$SEED -c bench.admin_email=$admin_email -c bench.queues=$QUEUES -c bench.supervisors=$SUPERVISORS -c bench.agents=$AGENTS -c bench.connections=$CONNECTIONS -c bench.contacts=$CONTACTS -c bench.conversations=$CONVERSATIONS -c bench.messages=$MESSAGES -c bench.days=$DAYS -c bench.busy_messages=$BUSY_MESSAGES" \
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d whatssuite -f "$bench_dir/generate.sql" >"$work_dir/generate.log" 2>&1 \
    || { cat "$work_dir/generate.log" >&2; die "generating the data set"; }
  psql_q whatssuite "VACUUM ANALYZE" >/dev/null
  # The rollup job ran while the data set was written, and the generator writes messages without touching their
  # conversation (the product always does): a conversation recounted before its messages were written would keep a
  # partial count, and its recount mark would tell the next run that nothing changed. So the marks are dropped and
  # everything is recounted once the data is complete; moving the version makes a run still in flight fail its version
  # check and change nothing.
  psql_q whatssuite "BEGIN; UPDATE dashboard_rollup_state SET watermark = '1970-01-01 00:00:00+00', version = version + 1; DELETE FROM dashboard_recounted_conversations; COMMIT" >/dev/null
  psql_q whatssuite "INSERT INTO bench_facts (name, value) VALUES ('settings', '$settings'), ('generated_seconds', '$(( $(date +%s) - started ))')" >/dev/null
  log "generated in $(( $(date +%s) - started )) s"
fi
# The background jobs catch up with the data set before anything is measured: the dashboard rollups' first pass over a
# new (or newly migrated) data set recounts every conversation, and measuring during it measures the rollup.
catchup_left() {
  psql_q whatssuite "SELECT (SELECT count(*) FROM dashboard_removed_conversations) + (SELECT count(*) FROM conversations c WHERE c.updated_at > (SELECT watermark FROM dashboard_rollup_state WHERE id = 1))"
}
wait_for_catch_up() {
  local deadline=$(( $(date +%s) + ${CATCHUP_TIMEOUT:-3600} )) left started
  started=$(date +%s)
  left="$(catchup_left)"
  while [ "$left" != 0 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "the dashboard rollups still had $left conversations to recount after ${CATCHUP_TIMEOUT:-3600} s"
    kill -0 "$api_pid" >/dev/null 2>&1 || die "the API exited while its jobs caught up (log: $work_dir/api.log)"
    log "background catch-up: $left conversations left for the dashboard rollups"
    sleep 15
    left="$(catchup_left)"
  done
  log "background jobs caught up ($(( $(date +%s) - started )) s)"
  [ "${1:-}" != round ] || return 0
  check_rollup_totals
  # The recount rewrote the rollup tables; autovacuum would get to them later. Measured settled, as a running instance
  # keeps them: visibility maps set (index-only reads) and statistics current.
  psql_q whatssuite "VACUUM ANALYZE dashboard_message_counts, dashboard_daily_message_counts, dashboard_response_episodes, dashboard_resolutions, dashboard_conversation_message_counts, dashboard_recounted_conversations" >/dev/null
}
# The dashboards are measured on complete rollups: their message totals hold every message.
check_rollup_totals() {
  local counted total
  counted="$(psql_q whatssuite "SELECT coalesce(sum(count), 0) FROM dashboard_message_counts")"
  total="$(psql_q whatssuite "SELECT count(*) FROM messages")"
  [ "$counted" = "$total" ] || die "the dashboard rollups hold $counted of the $total messages after catching up"
}
# Then the API must be idle: no statement of its own running for QUIET_SECONDS in a row (sampled twice a second).
wait_for_quiet() {
  local deadline=$(( $(date +%s) + ${QUIET_TIMEOUT:-300} )) quiet=0 need=$(( ${QUIET_SECONDS:-10} * 2 )) active
  while [ "$quiet" -lt "$need" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "the API did not go quiet for ${QUIET_SECONDS:-10} s within ${QUIET_TIMEOUT:-300} s"
    active="$(psql_q whatssuite "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid() AND application_name NOT LIKE 'psql%' AND application_name NOT LIKE 'WhatsSuite.Bench%'")"
    if [ "$active" = 0 ]; then quiet=$(( quiet + 1 )); else quiet=0; fi
    sleep 0.5
  done
  log "the API is quiet (no statement running for ${QUIET_SECONDS:-10} s)"
}
if [ "$JOBS" = on ]; then
  wait_for_catch_up
else
  log "JOBS=off: the API runs no background job (web-only instance); the dashboard rollups are left as they are"
fi
disk="$(du -sh "$pg_data" | awk '{print $1}')"
log "PostgreSQL data directory: $disk"
if [ "$GENERATE_ONLY" = 1 ]; then
  [ -n "$DATA_DIR" ] || log "GENERATE_ONLY without DATA_DIR: the data set is removed with the work directory"
  log "GENERATE_ONLY=1: stopping before the measurement"
  exit 0
fi

# ROLLUP_ROUNDS: what one pass of the dashboard rollups costs after new messages in conversations with a history.
measure_rollup() {
  [ "$JOBS" = on ] || die "ROLLUP_ROUNDS needs the background jobs (JOBS=on)"
  local out="$RESULTS_DIR/desk-scale-$(date -u +%Y-%m-%d)-$LABEL-rollup.md" round api_before pg_before started row
  local postmaster
  postmaster="$(head -1 "$pg_data/postmaster.pid")"
  ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk -v all="$2" '{ print $12 + $13 + (all ? $14 + $15 : 0) }' || echo 0; }
  pg_ticks() { local t; t=$(ticks "$postmaster" 1); for p in $(pgrep -P "$postmaster"); do t=$((t + $(ticks "$p" 0))); done; echo "$t"; }
  psql_q whatssuite "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  mkdir -p "$RESULTS_DIR"
  {
    echo "# Dashboard rollups after new messages, $LABEL ($(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown))"
    echo
    echo "- Data: $settings; $(psql_q whatssuite "SELECT count(*) FROM messages") messages in $(psql_q whatssuite "SELECT count(*) FROM conversations") conversations."
    echo "- Each round writes one message, sent now, into $ROLLUP_TOUCH random conversations (the message row, and the conversation's last message, unread count, change time and version, as the product stores an inbound message) and waits until the \`dashboard-rollup\` job (every minute) has counted them."
    echo "- Read of messages: the job's statement that reads the messages to recount (pg_stat_statements: calls, rows, time). CPU: the API process and PostgreSQL from the write until the job's run is over (the API then quiet for 10 s), in seconds. After each round the totals are checked to hold every message."
    echo
    echo "| round | read calls | rows read | read ms | API CPU s | PostgreSQL CPU s |"
    echo "|---:|---:|---:|---:|---:|---:|"
  } >"$out"
  for round in $(seq 1 "$ROLLUP_ROUNDS"); do
    wait_for_quiet
    psql_q whatssuite "SELECT pg_stat_statements_reset()" >/dev/null
    api_before="$(ticks "$api_pid" 0)"; pg_before="$(pg_ticks)"
    psql_q whatssuite "
      WITH picked AS (
        SELECT id, connection_id, now() + make_interval(secs => row_number() OVER () / 1000000.0) AS at
        FROM (SELECT id, connection_id FROM conversations ORDER BY random() LIMIT $ROLLUP_TOUCH) r),
      added AS (
        INSERT INTO messages (id, conversation_id, connection_id, direction, wamid, type, text, content, status, sent_at, created_at, updated_at, attempts)
        SELECT gen_random_uuid(), p.id, p.connection_id, 'Inbound', 'wamid.rollup.' || gen_random_uuid(), 'text', 'otra vez', '{}', 'Received', p.at, p.at, p.at, 0
        FROM picked p RETURNING conversation_id)
      UPDATE conversations c SET last_message_at = p.at, unread_count = c.unread_count + 1, updated_at = p.at, version = c.version + 1
      FROM picked p WHERE c.id = p.id" >/dev/null
    # Caught up: the watermark is past every change, and the job's run is over (the watermark moves batch by batch).
    wait_for_catch_up round
    wait_for_quiet
    row="$(psql_q whatssuite "SELECT coalesce(sum(calls), 0), coalesce(sum(rows), 0), round(coalesce(sum(total_exec_time), 0)::numeric, 1) FROM pg_stat_statements WHERE query LIKE '%m.sender_user_id, m.id%FROM messages AS m%'" | tr '\t' '|')"
    echo "| $round | ${row//|/ | } | $(awk -v t=$(( $(ticks "$api_pid" 0) - api_before )) 'BEGIN { printf "%.2f", t / 100 }') | $(awk -v t=$(( $(pg_ticks) - pg_before )) 'BEGIN { printf "%.2f", t / 100 }') |" >>"$out"
    log "rollup round $round: $(tail -1 "$out")"
    check_rollup_totals
  done
  log "results: $out"
  cat "$out"
}
if [ "$ROLLUP_ROUNDS" != 0 ]; then
  measure_rollup
  exit 0
fi

wait_for_quiet
mkdir -p "$RESULTS_DIR"
out="$RESULTS_DIR/desk-scale-$(date -u +%Y-%m-%d)-$LABEL"
log "measuring (SECONDS=$BLOCK_SECONDS WARMUP=$WARMUP USERS=\"$USERS\" REPEATS=$REPEATS)"
dotnet "$measure_dll" --api "$api_url" --pg "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=whatssuite" --pg-log-dir "$pg_log_dir" \
  --email "$admin_email" --password "$admin_password" --seconds "$BLOCK_SECONDS" --warmup "$WARMUP" --users "$USERS" --repeats "$REPEATS" \
  --only "$ONLY" --dashboard-cache-seconds "$DASHBOARD_CACHE_SECONDS" --disk "$disk" --commit "$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --out "$out.json" --markdown "$out.md" \
  || die "the measurement failed"
if [ "$JOBS" = off ]; then
  printf '\n%s\n' "Background jobs were off during this run (JOBS=off: the API ran as a web-only instance, HANGFIRE_SERVER_ENABLED=false, and the dashboard rollups were not brought up to date first): the lists, search, summary and message pages are measured as usual; dashboard views, if measured, are not a result." >>"$out.md"
fi
log "results: $out.md and $out.json"
cat "$out.md"
