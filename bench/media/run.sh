#!/usr/bin/env bash
# Media benchmark: inbound media files through WhatsSuite (server mode, PostgreSQL + Redis, local media store)
# from a fake Graph API on loopback, against a raw copy of the same bytes on the same disk, in the same run.
# See bench/README.md.
#
# Usage: bench/media/run.sh
# Environment (all optional):
#   REPEATS=3                repetitions (each: a fresh API process, the latency step, the memory steps, the raw copies)
#   RATE=20                  inbound images per second of the latency step (open loop)
#   DURATION=20              seconds of the latency step (400 images at the default rate)
#   LATENCY_SIZE_MB=1        size of the latency step's images (MiB)
#   WARMUP=20                images sent and awaited before the latency step (not measured): JIT, pools, first thumbnail
#   SIZES="1 10 100"         file sizes (MiB) of the memory steps, in this order
#   FILES=3                  files of each size, downloaded one after another
#   TARGET_P99_MS=2000       target for the latency step's download-to-available p99
#   TARGET_RSS_GROWTH_MB=100 target for the growth of the API's peak RSS from the first to the last size
#   MEDIA_ENCRYPTION=true    MEDIA_ENCRYPTION_ENABLED of the API (the product's default)
#   WAIT_TIMEOUT=300         seconds to wait for a step's media to be available before failing the run
#   API_LOG_LEVEL=warn       LOG_LEVEL of the API during the run
#   API_ENVIRONMENT=Development
#   RESULTS_DIR=bench/results
#   KEEP_WORK=1              keep the work directory (logs, files, PostgreSQL data) after the run
#
# Exit status: 0 when the run completed (a missed target is reported, not an error); non-zero when the
# harness itself failed (build, start-up, sign-in, a step whose media never settled).
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/../.." && pwd)"
cd "$repo_root"

REPEATS="${REPEATS:-3}"
RATE="${RATE:-20}"
DURATION="${DURATION:-20}"
LATENCY_SIZE_MB="${LATENCY_SIZE_MB:-1}"
WARMUP="${WARMUP:-20}"
SIZES="${SIZES:-1 10 100}"
FILES="${FILES:-3}"
TARGET_P99_MS="${TARGET_P99_MS:-2000}"
TARGET_RSS_GROWTH_MB="${TARGET_RSS_GROWTH_MB:-100}"
MEDIA_ENCRYPTION="${MEDIA_ENCRYPTION:-true}"
WAIT_TIMEOUT="${WAIT_TIMEOUT:-300}"
API_LOG_LEVEL="${API_LOG_LEVEL:-warn}"
API_ENVIRONMENT="${API_ENVIRONMENT:-Development}"
RESULTS_DIR="${RESULTS_DIR:-$repo_root/bench/results}"
KEEP_WORK="${KEEP_WORK:-0}"

run_id="$(date -u +%Y%m%dT%H%M%SZ)"
short_run="m$(date -u +%H%M%S)"
log() { printf '[media %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

work_dir="$(mktemp -d -t whatssuite-media-bench.XXXXXX)"
chmod 755 "$work_dir"
reps_dir="$work_dir/reps"
media_dir="$work_dir/media"
copy_dir="$work_dir/copy"
mkdir -p "$reps_dir" "$media_dir" "$copy_dir"
pg_root="$work_dir/pg"
pg_data="$pg_root/data"
pg_log="$pg_root/postgres.log"
pg_ctl_bin=""
redis_pid_file="$work_dir/redis.pid"
graph_pid=""
api_pid=""
sampler_pid=""

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
  stop_pid "$sampler_pid"
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
  # fsync, synchronous_commit and full_page_writes keep their defaults (on), as in production.
  as_postgres "$pg_ctl_bin" -D "$pg_data" -l "$pg_log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_root -c max_connections=200" >/dev/null \
    || { cat "$pg_log" >&2; die "PostgreSQL did not start"; }
  pg_version="$("$bin_dir/postgres" --version | awk '{print $3}')"
  psql_q postgres "CREATE DATABASE whatssuite" >/dev/null
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

driver_dll="$bench_dir/Driver/bin/Release/net10.0/WhatsSuite.Bench.Media.dll"
api_dll="$repo_root/src/Api/bin/Release/net10.0/WhatsSuite.Api.dll"
mib=1048576

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

# ---------------------------------------------------------------------------------------------------------
ensure_packages
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is required"
command -v dd >/dev/null 2>&1 || die "dd is required"

log "building (Release): benchmark driver, WhatsSuite API"
dotnet build "$bench_dir/Driver/Driver.csproj" -c Release --nologo -v quiet >"$work_dir/build.log" 2>&1 \
  || { cat "$work_dir/build.log" >&2; die "building the benchmark driver"; }
dotnet build "$repo_root/src/Api/WhatsSuite.Api.csproj" -c Release --nologo -v quiet >>"$work_dir/build.log" 2>&1 \
  || { cat "$work_dir/build.log" >&2; die "building the WhatsSuite API"; }

start_postgres
start_redis

# --- The fake Graph API (real HTTP on loopback): media lookups and the files' bytes ----------------------
graph_port="$(free_port)"
graph_url="http://127.0.0.1:$graph_port"
(exec dotnet "$driver_dll" serve --port "$graph_port" >>"$work_dir/graph.log" 2>&1) &
graph_pid=$!
wait_http_ok "$graph_url/health" 60 "$graph_pid" "$work_dir/graph.log"
log "fake Graph API on $graph_url"

# --- WhatsSuite environment (server mode) --------------------------------------------------------------
api_port="$(free_port)"
api_url="http://127.0.0.1:$api_port"
app_secret="bench-secret-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
admin_email="admin@bench.whatssuite.local"
admin_seed_password="Bench-seed-password-$RANDOM$RANDOM"
admin_password="Bench-chosen-password-$RANDOM$RANDOM"
largest_mb="$LATENCY_SIZE_MB"
for size in $SIZES; do [ "$size" -le "$largest_mb" ] || largest_mb="$size"; done
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
  "WHATSAPP_GRAPH_BASE_URL=$graph_url"
  "MEDIA_STORAGE=local" "MEDIA_STORAGE_DIR=$media_dir"
  "MEDIA_ENCRYPTION_ENABLED=$MEDIA_ENCRYPTION"
  "MEDIA_MAX_BYTES=$(( (largest_mb + 1) * mib ))"
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
webhook_url=""
prepare_whatssuite() {
  local token
  http POST /api/v1/auth/login "{\"email\":\"$admin_email\",\"password\":\"$admin_seed_password\"}"
  [ "$http_status" = 200 ] || die "sign-in of the seeded admin answered $http_status: $http_body"
  token="$(json_field accessToken <<<"$http_body")"
  http POST /api/v1/auth/change-password "{\"currentPassword\":\"$admin_seed_password\",\"newPassword\":\"$admin_password\"}" "$token"
  [ "$http_status" = 200 ] || die "the admin's first password change answered $http_status: $http_body"
  token="$(json_field accessToken <<<"$http_body")"
  http POST /api/v1/connections "{\"name\":\"bench\",\"provider\":\"cloud_api\",\"phoneNumberId\":\"100200300\",\"wabaId\":\"900800700\",\"displayNumber\":\"+15550001111\",\"accessToken\":\"bench-token\",\"appSecret\":\"$app_secret\"}" "$token"
  case "$http_status" in
    201|200) ;;
    *) die "creating the Cloud API connection answered $http_status: $http_body" ;;
  esac
  connection_id="$(json_field id <<<"$http_body")"
  [ -n "$connection_id" ] || die "the new connection's answer has no id: $http_body"
  webhook_url="$api_url/api/v1/webhooks/whatsapp/$connection_id"
  log "connection $connection_id; webhook $webhook_url"
}

# send PREFIX SIZE_MB OUT ARGS...: signed image webhooks (driver "send"), acknowledgements appended to OUT
send() {
  local prefix="$1" size_mb="$2" out="$3"
  shift 3
  dotnet "$driver_dll" send --url "$webhook_url" --secret "$app_secret" --prefix "$prefix" --size "$(( size_mb * mib ))" \
    --out "$work_dir/acks.tmp" "$@" >&2 || die "webhook deliveries of $prefix were not all acknowledged"
  cat "$work_dir/acks.tmp" >>"$out"
}

# settle PREFIX EXPECTED: waits until EXPECTED messages of wamid.PREFIX* have their media out of Pending
settle() {
  local started settled
  started="$(date +%s)"
  while :; do
    settled="$(psql_q whatssuite "SELECT count(*) FROM messages WHERE connection_id = '$connection_id' AND wamid LIKE 'wamid.$1%' AND media_status IS NOT NULL AND media_status <> 'Pending'")"
    [ "$settled" -ge "$2" ] && return 0
    [ $(( $(date +%s) - started )) -lt "$WAIT_TIMEOUT" ] || die "only $settled of $2 media files of $1 settled within $WAIT_TIMEOUT s"
    sleep 0.2
  done
}

# availability PREFIX OUT: wamid, media status and the epoch ms the media became available (its media object's creation)
availability() {
  psql_q whatssuite "
    SELECT m.wamid, m.media_status, coalesce(round(extract(epoch FROM o.created_at) * 1000)::bigint::text, '')
    FROM messages m LEFT JOIN media_objects o ON o.id = m.media_object_id
    WHERE m.connection_id = '$connection_id' AND m.wamid LIKE 'wamid.$1%'" >>"$2"
}

# sample_rss OUT: the API's resident set size (KiB) every 100 ms until stopped
start_sampler() {
  (while kill -0 "$api_pid" 2>/dev/null; do
     awk '/^VmRSS:/ {print $2}' "/proc/$api_pid/status" 2>/dev/null || true
     sleep 0.1
   done >>"$1") &
  sampler_pid=$!
}

stop_sampler() {
  stop_pid "$sampler_pid"
  sampler_pid=""
}

# raw_copy SIZE_MB OUT: FILES timed copies (dd, fsync) of a file of the same bytes on the media store's disk
raw_copy() {
  local source="$copy_dir/source-$1" target="$copy_dir/target-$1" t0 t1
  dotnet "$driver_dll" write --media-id "copy-$(( $1 * mib ))-0" --out "$source" || die "writing the raw-copy source"
  cat "$source" >/dev/null # in the page cache, as the fake server's bytes are in memory
  for _ in $(seq 1 "$FILES"); do
    rm -f "$target"
    t0="$(date +%s%N)"
    dd if="$source" of="$target" bs=1M conv=fsync status=none || die "dd"
    t1="$(date +%s%N)"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", (b - a) / 1e9 }' >>"$2"
  done
  rm -f "$source" "$target"
}

start_api
prepare_whatssuite
stop_api

loads=()
busies=()
for rep in $(seq 1 "$REPEATS"); do
  rep_dir="$reps_dir/r$rep"
  mkdir -p "$rep_dir"
  busy="$(machine_busy 3)"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  busies+=("$busy")
  loads+=("$load")
  log "repetition $rep/$REPEATS: machine busy ${busy}% with this run idle, load average $load"
  rm -rf "${media_dir:?}"/*
  start_api

  if [ "$WARMUP" -gt 0 ]; then
    prefix="$short_run-r$rep-warm"
    log "warm-up: $WARMUP images of $LATENCY_SIZE_MB MiB (not measured)"
    : >"$work_dir/warmup.acks"
    send "$prefix" "$LATENCY_SIZE_MB" "$work_dir/warmup.acks" --count "$WARMUP" --rate "$RATE"
    settle "$prefix" "$WARMUP"
  fi

  # Latency: RATE images per second of LATENCY_SIZE_MB for DURATION seconds, each acknowledged, then available.
  prefix="$short_run-r$rep-lat"
  log "latency step: $RATE images/s of $LATENCY_SIZE_MB MiB for $DURATION s"
  : >"$rep_dir/latency.acks"
  send "$prefix" "$LATENCY_SIZE_MB" "$rep_dir/latency.acks" --rate "$RATE" --duration "$DURATION"
  settle "$prefix" "$(wc -l <"$rep_dir/latency.acks")"
  : >"$rep_dir/latency.avail"
  availability "$prefix" "$rep_dir/latency.avail"

  # Memory: FILES files of each size, one after another, the API's RSS sampled throughout each size's step.
  for size in $SIZES; do
    log "memory step: $FILES files of $size MiB"
    : >"$rep_dir/mem-$size.acks"
    : >"$rep_dir/mem-$size.avail"
    : >"$rep_dir/mem-$size.rss"
    start_sampler "$rep_dir/mem-$size.rss"
    for file in $(seq 1 "$FILES"); do
      prefix="$short_run-r$rep-s$size-f$file"
      send "$prefix" "$size" "$rep_dir/mem-$size.acks" --count 1
      settle "$prefix" 1
      availability "$prefix" "$rep_dir/mem-$size.avail"
    done
    stop_sampler
  done
  stop_api

  # Baseline: the same sizes copied on the same disk, with the API stopped.
  for size in $SIZES; do
    : >"$rep_dir/copy-$size.sec"
    raw_copy "$size" "$rep_dir/copy-$size.sec"
  done
done

# --- Report ------------------------------------------------------------------------------------------------
facts="$work_dir/facts.txt"
{
  echo "run_id=$run_id"
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "disk=$(df -h --output=source,fstype "$media_dir" | tail -n 1 | tr -s ' ')"
  echo "dotnet=$(dotnet --version)"
  echo "postgres=$pg_version"
  echo "redis=$redis_version"
  echo "commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$repo_root" diff --quiet HEAD -- src 2>/dev/null || echo '+local-changes')"
  echo "encryption=$MEDIA_ENCRYPTION"
  echo "rate=$RATE"
  echo "duration=$DURATION"
  echo "latency_size_mb=$LATENCY_SIZE_MB"
  echo "warmup=$WARMUP"
  echo "sizes_mb=$SIZES"
  echo "files=$FILES"
  echo "repeats=$REPEATS"
  echo "load=$(IFS=';'; echo "${loads[*]}" | sed 's/;/; /g')"
  echo "busy_percent=$(IFS=,; echo "${busies[*]}")"
  echo "target_p99_ms=$TARGET_P99_MS"
  echo "target_rss_growth_mb=$TARGET_RSS_GROWTH_MB"
} >"$facts"

mkdir -p "$RESULTS_DIR"
report_base="$RESULTS_DIR/media-$(date -u +%Y-%m-%d)"
[ ! -e "$report_base.md" ] || report_base="$report_base-$(date -u +%H%M%S)"
dotnet "$driver_dll" report --dir "$reps_dir" --facts "$facts" --md "$report_base.md" --json "$report_base.json" \
  || die "writing the report"
log "results: $report_base.md and $report_base.json"
