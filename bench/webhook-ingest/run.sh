#!/usr/bin/env bash
# Webhook ingestion benchmark: WhatsSuite (server mode, PostgreSQL + Redis) against a bare ASP.NET endpoint
# that does one INSERT per request into the same database, measured in the same run. See bench/README.md.
#
# Usage: bench/webhook-ingest/run.sh
# Environment (all optional):
#   REPEATS=3                repetitions of every step (baseline and WhatsSuite alternate); medians are reported
#   STEP_SECONDS=20          length of every measured load step
#   WARMUP_SECONDS=30        closed-loop warm-up of each system before each repetition (not measured; WhatsSuite's inbox is
#                            then drained): long enough for the runtime to finish recompiling the API's hot code (tiered
#                            compilation), which takes most of the first minute of a freshly started API
#   RATES="1000"             offered rates (requests/s) of the open-loop steps
#   CONCURRENCY=32           workers of the closed-loop ceiling steps
#   CONTACTS=2000            distinct senders in the payloads
#   REPLAY_CONCURRENCY=32    workers of the final replay of every payload
#   DRAIN_TIMEOUT=1800       seconds to wait for the webhook inbox to drain after a step
#   API_LOG_LEVEL=warn       LOG_LEVEL of the API during the run
#   API_ENVIRONMENT=Development
#   RESULTS_DIR=bench/results
#   SKIP_WHATSSUITE=1        measure the baseline only (checks the harness; WhatsSuite figures stay empty)
#   KEEP_WORK=1              keep the work directory (logs, payloads, PostgreSQL data) after the run
#   PG_SETTINGS="-c k=v ..." extra server settings for the run's PostgreSQL (e.g. autovacuum's); the report names them
#   PROFILE=1                also profile WhatsSuite's first ceiling step: pg_stat_statements, dotnet-counters and a
#                            dotnet-trace CPU sample (tools of .config/dotnet-tools.json); files in RESULTS_DIR/profile-*
#
# Exit status: 0 when the run completed (a missed target is reported, not an error); non-zero when the
# harness itself failed (build, start-up, sign-in, an endpoint missing, a step that did not run).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/../.." && pwd)"
cd "$repo_root"

REPEATS="${REPEATS:-3}"
STEP_SECONDS="${STEP_SECONDS:-20}"
WARMUP_SECONDS="${WARMUP_SECONDS:-30}"
RATES="${RATES:-1000}"
CONCURRENCY="${CONCURRENCY:-32}"
CONTACTS="${CONTACTS:-2000}"
REPLAY_CONCURRENCY="${REPLAY_CONCURRENCY:-32}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-1800}"
API_LOG_LEVEL="${API_LOG_LEVEL:-warn}"
API_ENVIRONMENT="${API_ENVIRONMENT:-Development}"
RESULTS_DIR="${RESULTS_DIR:-$repo_root/bench/results}"
SKIP_WHATSSUITE="${SKIP_WHATSSUITE:-0}"
KEEP_WORK="${KEEP_WORK:-0}"
PROFILE="${PROFILE:-0}"
PG_SETTINGS="${PG_SETTINGS:-}"

run_id="$(date -u +%Y%m%dT%H%M%SZ)"
short_run="r$(date -u +%H%M%S)"
log() { printf '[webhook-ingest %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

work_dir="$(mktemp -d -t whatssuite-bench.XXXXXX)"
chmod 755 "$work_dir"
steps_dir="$work_dir/steps"
warmup_dir="$work_dir/warmup"
mkdir -p "$steps_dir" "$warmup_dir"
pg_root="$work_dir/pg"
pg_data="$pg_root/data"
pg_log="$pg_root/postgres.log"
pg_ctl_bin=""
redis_pid_file="$work_dir/redis.pid"
baseline_pid=""
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
  stop_pid "$baseline_pid"
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
  # Durability is part of what is measured: fsync, synchronous_commit and full_page_writes keep their
  # defaults (on). Only the connection limit is raised for the two pools and the background jobs.
  local preload=""
  [ "$PROFILE" != 1 ] || preload="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
  as_postgres "$pg_ctl_bin" -D "$pg_data" -l "$pg_log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_root -c max_connections=200 $preload $PG_SETTINGS" >/dev/null \
    || { cat "$pg_log" >&2; die "PostgreSQL did not start"; }
  pg_version="$("$bin_dir/postgres" --version | awk '{print $3}')"
  psql_q postgres "CREATE DATABASE whatssuite" >/dev/null
  [ "$PROFILE" != 1 ] || psql_q whatssuite "CREATE EXTENSION pg_stat_statements" >/dev/null
  log "PostgreSQL $pg_version on 127.0.0.1:$pg_port (fsync on)"
}

# psql_q DB SQL: runs SQL, prints unaligned tuples only.
psql_q() {
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" -At -F $'\t' -c "$2"
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

loadgen_dll="$bench_dir/LoadGen/bin/Release/net10.0/WhatsSuite.Bench.LoadGen.dll"
baseline_dll="$bench_dir/Baseline/bin/Release/net10.0/WhatsSuite.Bench.Baseline.dll"
api_dll="$repo_root/src/Api/bin/Release/net10.0/WhatsSuite.Api.dll"

step_no=0
# loadgen SYSTEM LABEL ARGS...: one load step; result in $steps_dir/NN-SYSTEM-LABEL.{json,sent,payloads}
# (LABEL is STEP.rN for repetition N; with LOADGEN_DIR set, in that directory instead: warm-ups are not reported)
last_step=""
loadgen() {
  local system="$1" label="$2"
  shift 2
  step_no=$((step_no + 1))
  last_step="${LOADGEN_DIR:-$steps_dir}/$(printf '%02d' "$step_no")-$system-$label"
  dotnet "$loadgen_dll" --label "$system $label" --out "$last_step.json" --sent "$last_step.sent" "$@" \
    || die "load step '$system $label' failed"
  [ -s "$last_step.json" ] || die "load step '$system $label' wrote no result"
}

# ---------------------------------------------------------------------------------------------------------
ensure_packages
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is required"

log "building (Release): load generator, baseline$([ "$SKIP_WHATSSUITE" = 1 ] || echo ', WhatsSuite API')"
dotnet build "$bench_dir/LoadGen/LoadGen.csproj" -c Release --nologo -v quiet >"$work_dir/build.log" 2>&1 \
  || { cat "$work_dir/build.log" >&2; die "building the load generator"; }
dotnet build "$bench_dir/Baseline/Baseline.csproj" -c Release --nologo -v quiet >>"$work_dir/build.log" 2>&1 \
  || { cat "$work_dir/build.log" >&2; die "building the baseline"; }
if [ "$SKIP_WHATSSUITE" != 1 ]; then
  dotnet build "$repo_root/src/Api/WhatsSuite.Api.csproj" -c Release --nologo -v quiet >>"$work_dir/build.log" 2>&1 \
    || { cat "$work_dir/build.log" >&2; die "building the WhatsSuite API"; }
fi

start_postgres
start_redis

# --- WhatsSuite environment (server mode) --------------------------------------------------------------
api_port="$(free_port)"
api_url="http://127.0.0.1:$api_port"
app_secret="bench-secret-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
admin_email="admin@bench.whatssuite.local"
admin_seed_password="Bench-seed-password-$RANDOM$RANDOM"
admin_password="Bench-chosen-password-$RANDOM$RANDOM"
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
  # The load comes from one IP and one connection: raise the per-IP/user/key budgets out of the way.
  # Backpressure (HTTP_MAX_CONCURRENT, HTTP_BACKPRESSURE_QUEUE) keeps its defaults.
  "RATE_LIMIT_MAX_REQUESTS=10000000" "RATE_LIMIT_USER_MAX_REQUESTS=10000000" "RATE_LIMIT_API_MAX_REQUESTS=10000000"
)

start_api() {
  log "starting WhatsSuite API on $api_url"
  (cd "$repo_root/src/Api/bin/Release/net10.0" && exec env "${api_env[@]}" dotnet "$api_dll" >>"$work_dir/api.log" 2>&1) &
  api_pid=$!
  wait_http_ok "$api_url/api/v1/health/ready" 180 "$api_pid" "$work_dir/api.log"
}

stop_api() {
  stop_pid "$api_pid"
  api_pid=""
}

json_field() { # NAME: first "NAME":"value" of the JSON on stdin
  sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n 1
}

# http METHOD PATH BODY [TOKEN] -> sets http_status and http_body
http() {
  local auth=()
  [ -z "${4:-}" ] || auth=(-H "Authorization: Bearer $4")
  http_body="$(curl -sS -o - -w '\n%{http_code}' -X "$1" "$api_url$2" -H 'Content-Type: application/json' "${auth[@]}" --data "$3")" \
    || die "$1 $2: no answer from the API"
  http_status="${http_body##*$'\n'}"
  http_body="${http_body%$'\n'*}"
}

connection_id=""
prepare_whatssuite() {
  local token
  http POST /api/v1/auth/login "{\"email\":\"$admin_email\",\"password\":\"$admin_seed_password\"}"
  [ "$http_status" = 200 ] || die "sign-in of the seeded admin answered $http_status: $http_body"
  token="$(json_field accessToken <<<"$http_body")"
  [ -n "$token" ] || die "sign-in answered no accessToken: $http_body"
  # The seeded admin must choose a new password before anything else.
  http POST /api/v1/auth/change-password "{\"currentPassword\":\"$admin_seed_password\",\"newPassword\":\"$admin_password\"}" "$token"
  [ "$http_status" = 200 ] || die "the admin's first password change answered $http_status: $http_body"
  token="$(json_field accessToken <<<"$http_body")"
  [ -n "$token" ] || die "the password change answered no accessToken: $http_body"

  http POST /api/v1/connections "{\"name\":\"bench\",\"provider\":\"cloud_api\",\"phoneNumberId\":\"100200300\",\"wabaId\":\"900800700\",\"displayNumber\":\"+15550001111\",\"accessToken\":\"bench-token\",\"appSecret\":\"$app_secret\"}" "$token"
  case "$http_status" in
    201|200) ;;
    404|405) die "POST /api/v1/connections answered $http_status: this WhatsSuite build has no connections endpoint yet (the Cloud API connections and webhook feature must be merged before the WhatsSuite part can run; SKIP_WHATSSUITE=1 measures the baseline only)" ;;
    *) die "creating the Cloud API connection answered $http_status: $http_body" ;;
  esac
  connection_id="$(json_field id <<<"$http_body")"
  [ -n "$connection_id" ] || die "the new connection's answer has no id: $http_body"
  webhook_url="$api_url/api/v1/webhooks/whatsapp/$connection_id"
  log "connection $connection_id; webhook $webhook_url"

  # One signed delivery proves the webhook accepts the payloads before minutes of load are spent.
  dotnet "$loadgen_dll" --url "$webhook_url" --mode open --rate 1 --duration 1 --secret "$app_secret" \
    --run-id "$short_run" --step probe --contacts "$CONTACTS" --label "whatssuite probe" --out "$work_dir/probe.json" >/dev/null \
    || die "the webhook probe could not run"
  if ! grep -q '"acked": 1' "$work_dir/probe.json"; then
    cat "$work_dir/probe.json" >&2
    if grep -q '"404"\|"405"' "$work_dir/probe.json"; then
      die "POST /api/v1/webhooks/whatsapp/{connectionId} is missing in this WhatsSuite build (the webhook feature must be merged first)"
    fi
    die "a signed webhook delivery was not acknowledged (see the status counts above)"
  fi
  psql_q whatssuite "SELECT connection_id, wamid, direction, created_at FROM messages LIMIT 0" >/dev/null \
    || die "table messages lacks the expected columns (connection_id, wamid, direction, created_at)"
  psql_q whatssuite "SELECT status, received_at, processed_at FROM webhook_inbox LIMIT 0" >/dev/null \
    || die "table webhook_inbox lacks the expected columns (status, received_at, processed_at)"
}

# Waits until no inbox entry is Pending, then records the step's stored messages: $last_step.e2e holds
# "stored<TAB>epoch of the last messages.created_at<TAB>seconds waited".
drain_and_count() {
  local prefix="$1" started waited pending
  started="$(date +%s)"
  while :; do
    pending="$(psql_q whatssuite "SELECT count(*) FROM webhook_inbox WHERE status = 'Pending'")"
    [ "$pending" = 0 ] && break
    waited=$(( $(date +%s) - started ))
    [ "$waited" -lt "$DRAIN_TIMEOUT" ] || die "the webhook inbox still holds $pending Pending entries after $DRAIN_TIMEOUT s"
    sleep 1
  done
  waited=$(( $(date +%s) - started ))
  if [ -n "$prefix" ]; then
    printf '%s\t%s\n' \
      "$(psql_q whatssuite "SELECT count(*), coalesce(extract(epoch FROM max(created_at)), 0) FROM messages WHERE connection_id = '$connection_id' AND direction = 'Inbound' AND wamid LIKE '$prefix%'")" \
      "$waited" >"$last_step.e2e"
  fi
  log "inbox drained (waited ${waited} s)"
}

# --- 1. Prepare WhatsSuite (fails fast when the feature is missing), then leave the machine to the baseline
if [ "$SKIP_WHATSSUITE" != 1 ]; then
  start_api
  prepare_whatssuite
  stop_api
fi

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

# Profile of WhatsSuite's first ceiling step (PROFILE=1): counters and a CPU sample of the API, pg_stat_statements.
profile_dir="$work_dir/profile"
profile_pids=()
profile_start() {
  mkdir -p "$profile_dir"
  psql_q whatssuite "SELECT pg_stat_statements_reset()" >/dev/null
  (cd "$repo_root" && exec dotnet dotnet-counters collect -p "$api_pid" --format csv -o "$profile_dir/counters.csv" \
    --counters System.Runtime,Microsoft.AspNetCore.Hosting,Microsoft.AspNetCore.Server.Kestrel,Npgsql \
    --duration "00:00:00:$(printf '%02d' $(( STEP_SECONDS > 59 ? 59 : STEP_SECONDS )))" >"$profile_dir/counters.log" 2>&1) &
  profile_pids+=($!)
  (cd "$repo_root" && exec dotnet dotnet-trace collect -p "$api_pid" --profile dotnet-sampled-thread-time --format Speedscope \
    -o "$profile_dir/cpu.nettrace" --duration "00:00:00:$(printf '%02d' $(( STEP_SECONDS > 20 ? 15 : STEP_SECONDS * 3 / 4 )))" \
    >"$profile_dir/trace.log" 2>&1) &
  profile_pids+=($!)
}
profile_stop() {
  local pid
  for pid in "${profile_pids[@]}"; do wait "$pid" || log "a profiler exited with an error (see $profile_dir)"; done
  profile_pids=()
  psql_q whatssuite "
    SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
           round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1) AS pct, rows,
           regexp_replace(left(query, 160), '\s+', ' ', 'g')
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'whatssuite')
    ORDER BY total_exec_time DESC LIMIT 25" >"$profile_dir/pg_stat_statements.tsv" || log "pg_stat_statements could not be read"
}

common=(--secret "$app_secret" --contacts "$CONTACTS" --run-id "$short_run")
baseline_port="$(free_port)"
baseline_url="http://127.0.0.1:$baseline_port"
check_file="$work_dir/check.txt"
: >"$work_dir/quiet.txt"
for rep in $(seq 1 "$REPEATS"); do
  # --- 2. Baseline (each repetition: baseline, then WhatsSuite, each with the whole machine) ------------------
  busy="$(machine_busy 3)"
  echo "$rep $busy" >>"$work_dir/quiet.txt"
  log "repetition $rep/$REPEATS: machine busy ${busy}% with this run idle"
  log "starting the baseline on $baseline_url"
  (BASELINE_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=whatssuite" ASPNETCORE_URLS="$baseline_url" \
    exec dotnet "$baseline_dll" >>"$work_dir/baseline.log" 2>&1) &
  baseline_pid=$!
  wait_http_ok "$baseline_url/health" 60 "$baseline_pid" "$work_dir/baseline.log"
  if [ "$WARMUP_SECONDS" -gt 0 ]; then
    LOADGEN_DIR="$warmup_dir" loadgen baseline "warmup.r$rep" --url "$baseline_url/ingest" --mode closed --concurrency "$CONCURRENCY" \
      --duration "$WARMUP_SECONDS" --step "b-warm$rep" --warmup-url "$baseline_url/health" "${common[@]}" >/dev/null
  fi
  log "baseline ceiling: closed loop, $CONCURRENCY workers, $STEP_SECONDS s"
  loadgen baseline "ceiling.r$rep" --url "$baseline_url/ingest" --mode closed --concurrency "$CONCURRENCY" --duration "$STEP_SECONDS" \
    --step "b-ceiling$rep" "${common[@]}"
  for rate in $RATES; do
    log "baseline at $rate req/s for $STEP_SECONDS s"
    loadgen baseline "rate-$rate.r$rep" --url "$baseline_url/ingest" --mode open --rate "$rate" --duration "$STEP_SECONDS" \
      --step "b-r$rate-$rep" "${common[@]}"
  done
  stop_pid "$baseline_pid"
  baseline_pid=""

  # --- 3. WhatsSuite --------------------------------------------------------------------------------------
  if [ "$SKIP_WHATSSUITE" != 1 ]; then
    start_api
    health_url="$api_url/api/v1/health/live"
    if [ "$WARMUP_SECONDS" -gt 0 ]; then
      LOADGEN_DIR="$warmup_dir" loadgen whatssuite "warmup.r$rep" --url "$webhook_url" --mode closed --concurrency "$CONCURRENCY" \
        --duration "$WARMUP_SECONDS" --step "w-warm$rep" --warmup-url "$health_url" "${common[@]}" >/dev/null
      drain_and_count ""
    fi
    log "WhatsSuite ceiling: closed loop, $CONCURRENCY workers, $STEP_SECONDS s"
    [ "$PROFILE" != 1 ] || [ "$rep" != 1 ] || profile_start
    loadgen whatssuite "ceiling.r$rep" --url "$webhook_url" --mode closed --concurrency "$CONCURRENCY" --duration "$STEP_SECONDS" \
      --step "w-ceiling$rep" --save "$steps_dir/w-ceiling$rep.payloads" "${common[@]}"
    [ "$PROFILE" != 1 ] || [ "$rep" != 1 ] || profile_stop
    drain_and_count "wamid.$short_run.w-ceiling$rep."
    for rate in $RATES; do
      log "WhatsSuite at $rate req/s for $STEP_SECONDS s"
      loadgen whatssuite "rate-$rate.r$rep" --url "$webhook_url" --mode open --rate "$rate" --duration "$STEP_SECONDS" \
        --step "w-r$rate-$rep" --save "$steps_dir/w-r$rate-$rep.payloads" "${common[@]}"
      drain_and_count "wamid.$short_run.w-r$rate-$rep."
    done
    stop_api
  fi
done

if [ "$SKIP_WHATSSUITE" != 1 ]; then
  start_api
  health_url="$api_url/api/v1/health/live"
  # --- 4. Replay every payload once more (same bodies, same signatures), then check loss and duplicates
  replay_files="$(ls "$steps_dir"/*.payloads | paste -sd, -)"
  log "replaying every payload sent so far ($(cat "$steps_dir"/*.payloads | wc -l) deliveries), $REPLAY_CONCURRENCY workers"
  loadgen whatssuite replay.r1 --url "$webhook_url" --mode closed --concurrency "$REPLAY_CONCURRENCY" --replay "$replay_files" \
    --warmup-url "$health_url"
  drain_and_count ""

  psql_q whatssuite "DROP TABLE IF EXISTS bench_sent; CREATE TABLE bench_sent (wamid text NOT NULL, status int NOT NULL)" >/dev/null
  cat "$steps_dir"/*-whatssuite-*.sent "$warmup_dir"/*-whatssuite-*.sent | PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d whatssuite \
    -c "\\copy bench_sent FROM STDIN" || die "loading the sent wamids"
  psql_q whatssuite "
    WITH sent AS (SELECT DISTINCT wamid FROM bench_sent),
         acked AS (SELECT DISTINCT wamid FROM bench_sent WHERE status BETWEEN 200 AND 299),
         stored AS (SELECT wamid, count(*) AS n FROM messages
                    WHERE connection_id = '$connection_id' AND direction = 'Inbound' AND wamid IS NOT NULL GROUP BY wamid)
    SELECT 'deliveries', count(*)::text FROM bench_sent
    UNION ALL SELECT 'sent_wamids', count(*)::text FROM sent
    UNION ALL SELECT 'acked_wamids', count(*)::text FROM acked
    UNION ALL SELECT 'stored_wamids', count(*)::text FROM sent JOIN stored USING (wamid)
    UNION ALL SELECT 'lost', count(*)::text FROM sent LEFT JOIN stored USING (wamid) WHERE stored.wamid IS NULL
    UNION ALL SELECT 'lost_after_ack', count(*)::text FROM acked LEFT JOIN stored USING (wamid) WHERE stored.wamid IS NULL
    UNION ALL SELECT 'duplicated', count(*)::text FROM stored WHERE n > 1
    UNION ALL SELECT 'inbox_failed', count(*)::text FROM webhook_inbox WHERE status = 'Failed'
    UNION ALL SELECT 'inbox_pending', count(*)::text FROM webhook_inbox WHERE status = 'Pending'
    UNION ALL SELECT 'inbox_entries', count(*)::text FROM webhook_inbox
    UNION ALL SELECT 'conversations', count(*)::text FROM conversations WHERE connection_id = '$connection_id'
    UNION ALL SELECT 'contacts', count(*)::text FROM contacts" | tr '\t' '=' >"$check_file" \
    || die "the loss/duplicate check query failed"
  stop_api
fi

# --- 5. Report --------------------------------------------------------------------------------------------
facts="$work_dir/facts.txt"
{
  echo "run_id=$run_id"
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "dotnet=$(dotnet --version)"
  echo "postgres=$pg_version${PG_SETTINGS:+ with $PG_SETTINGS}"
  echo "redis=$redis_version"
  echo "commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$repo_root" diff --quiet HEAD -- src 2>/dev/null || echo '+local-changes')"
  echo "step_seconds=$STEP_SECONDS"
  echo "repeats=$REPEATS"
  echo "warmup_seconds=$WARMUP_SECONDS"
  echo "quiet_busy_percent=$(awk '{print $2}' "$work_dir/quiet.txt" | paste -sd, -)"
  echo "rates=$RATES"
  echo "concurrency=$CONCURRENCY"
  echo "contacts=$CONTACTS"
  echo "api_environment=$API_ENVIRONMENT"
  echo "api_log_level=$API_LOG_LEVEL"
  # The product's settings (the keys of .env.example) the API inherited from this script's environment, such as
  # WEBHOOK_PROCESSING_LOOPS in an A/B comparison; never a secret's value.
  echo "api_settings=$(grep -oE '^[A-Z][A-Z0-9_]*=' "$repo_root/.env.example" | tr -d = | sort -u | grep -vE 'SECRET|PASSWORD|KEY|TOKEN' \
    | while read -r key; do [ -z "${!key+x}" ] || printf '%s=%s ' "$key" "${!key}"; done | sed 's/ $//')"
  echo "whatssuite_measured=$([ "$SKIP_WHATSSUITE" = 1 ] && echo false || echo true)"
  if [ -f "$check_file" ]; then
    sed 's/^/check_/' "$check_file"
  fi
} >"$facts"

mkdir -p "$RESULTS_DIR"
report_base="$RESULTS_DIR/webhook-ingest-$(date -u +%Y-%m-%d)"
[ ! -e "$report_base.md" ] || report_base="$report_base-$(date -u +%H%M%S)"
dotnet "$loadgen_dll" report --dir "$steps_dir" --facts "$facts" --md "$report_base.md" --json "$report_base.json" \
  || die "writing the report"
log "results: $report_base.md and $report_base.json"
if [ "$PROFILE" = 1 ] && [ -d "$profile_dir" ]; then
  mkdir -p "$report_base-profile"
  cp "$profile_dir"/counters.csv "$profile_dir"/pg_stat_statements.tsv "$profile_dir"/*.speedscope.json "$report_base-profile/" 2>/dev/null || true
  log "profile: $report_base-profile/"
fi
