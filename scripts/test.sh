#!/usr/bin/env bash
# Runs the whole WhatsSuite test suite.
#
# Starts a throw-away PostgreSQL and Redis on free loopback ports (installing them with apt-get when they
# are missing and we are root), builds the solution, runs `dotnet test` on its test assemblies against them, stops
# them, and exits non-zero on any failure. Also checks formatting (the build enforces the code style and formatting rules of
# .editorconfig; scripts/check-whitespace.sh checks what the compiler does not: final newlines, line endings, charset)
# and installs the
# pinned Node.js tools of the OpenAPI contract tests (tests/contract, npm ci) and the official SignalR JavaScript
# client of the desk hub tests (tests/signalr-client, npm ci); Node.js itself is installed with apt-get when missing
# and we are root, otherwise those tests are skipped and say why. Starts s3rver (npm,
# pinned in tests/s3server) on loopback for the S3-compatible media store tests and exports its endpoint as
# WHATSSUITE_TEST_S3; without npm those tests fail and name the variable.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

log() { printf '[test.sh] %s\n' "$*" >&2; }

script_start=$(date +%s)

work_dir="$(mktemp -d -t whatssuite-test.XXXXXX)"
chmod 755 "$work_dir"
pg_ctl_bin=""
# The throw-away cluster lives in memory when /dev/shm is a tmpfs with room for it (it stays under a few hundred MB).
# Every test class copies the template database and drops its copy: on ext4, allocating those thousands of files
# among recently deleted inodes took an eighth of the tests' CPU (bench/results/suite-time-2026-11-29.md, bench/suite-time/run.sh).
memory_dir=""
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = "tmpfs" ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 2097152 ]; then
  memory_dir="$(mktemp -d -p /dev/shm whatssuite-test.XXXXXX)"
  chmod 755 "$memory_dir"
  pg_data="$memory_dir/pg"
else
  pg_data="$work_dir/pg"
fi
redis_pid_file="$work_dir/redis.pid"
s3_pid_file="$work_dir/s3rver.pid"

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Stops a process and waits (up to 5 s) until it is gone: Redis and s3rver still write to the work directory (a log
# line, a removed pid file) while they shut down, and removing the directory under them fails the script.
stop_and_wait() {
  local pid="$1"
  kill "$pid" >/dev/null 2>&1 || return 0
  for _ in $(seq 1 50); do
    kill -0 "$pid" >/dev/null 2>&1 || return 0
    sleep 0.1
  done
}

cleanup() {
  local status=$?
  set +e
  if [ -n "${node_tools_pid:-}" ]; then
    kill "$node_tools_pid" >/dev/null 2>&1
  fi
  if [ -n "${compiler_server_started:-}" ]; then
    dotnet build-server shutdown --vbcscompiler >/dev/null 2>&1
  fi
  if [ -n "$pg_ctl_bin" ] && [ -f "$pg_data/postmaster.pid" ]; then
    as_postgres "$pg_ctl_bin" -D "$pg_data" -m immediate stop >/dev/null 2>&1
  fi
  if [ -f "$redis_pid_file" ]; then
    stop_and_wait "$(cat "$redis_pid_file")"
  fi
  if [ -f "$s3_pid_file" ]; then
    stop_and_wait "$(cat "$s3_pid_file")"
  fi
  rm -rf "$work_dir" || { sleep 1; rm -rf "$work_dir"; }
  if [ -n "$memory_dir" ]; then
    rm -rf "$memory_dir"
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( (RANDOM * 32768 + RANDOM) % 30000 + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free loopback port found"
  return 1
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
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  # The backup drill (scripts/backup.sh, scripts/restore.sh; pg_dump comes with postgresql, aws with awscli).
  for tool in gpg jq sqlite3; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  command -v aws >/dev/null 2>&1 || missing+=(awscli)
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
      log "node or npm is missing: the OpenAPI contract tests and the SignalR JavaScript client tests that need them will be skipped (apt-get install nodejs npm, or run as root)"
    fi
  else
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    log "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
    exit 1
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian packages start their own cluster and server; the suite uses private ones.
  service postgresql stop >/dev/null 2>&1 || true
  service redis-server stop >/dev/null 2>&1 || true
}

start_postgres() {
  local bin_dir port
  bin_dir="$(find_pg_bin)"
  pg_ctl_bin="$bin_dir/pg_ctl"
  port="$(free_port)"
  mkdir -p "$pg_data"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$work_dir"
    if [ -n "$memory_dir" ]; then
      chown -R postgres:postgres "$memory_dir"
    fi
  fi
  as_postgres "$bin_dir/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --no-locale >"$work_dir/initdb.log" 2>&1 \
    || { cat "$work_dir/initdb.log" >&2; exit 1; }
  as_postgres "$pg_ctl_bin" -D "$pg_data" -l "$work_dir/pg.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work_dir -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c jit=off" >/dev/null \
    || { cat "$work_dir/pg.log" >&2; exit 1; }
  export WHATSSUITE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  log "PostgreSQL $("$bin_dir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

start_redis() {
  local port
  port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --pidfile "$redis_pid_file" --dir "$work_dir" --logfile "$work_dir/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
      export WHATSSUITE_TEST_REDIS="redis://127.0.0.1:$port"
      log "Redis on 127.0.0.1:$port"
      return 0
    fi
    sleep 0.1
  done
  log "Redis did not start"; cat "$work_dir/redis.log" >&2; exit 1
}

start_s3rver() {
  local port
  if ! command -v npm >/dev/null 2>&1; then
    log "npm is missing: WHATSSUITE_TEST_S3 stays unset and the S3 media store tests fail (apt-get install nodejs npm, or run as root)"
    return 0
  fi
  (cd tests/s3server && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  port="$(free_port)"
  mkdir -p "$work_dir/s3"
  tests/s3server/node_modules/.bin/s3rver -d "$work_dir/s3" -a 127.0.0.1 -p "$port" --silent --no-vhost-buckets \
    >"$work_dir/s3rver.log" 2>&1 &
  echo $! >"$s3_pid_file"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export WHATSSUITE_TEST_S3="http://127.0.0.1:$port"
      log "s3rver on 127.0.0.1:$port"
      return 0
    fi
    sleep 0.1
  done
  log "s3rver did not start"; cat "$work_dir/s3rver.log" >&2; exit 1
}

ensure_packages
start_postgres
start_redis
start_s3rver

# The node tools install while the solution builds: the build compiles one project at a time and leaves about a tenth
# of two cores idle, which npm's waits on the disk and the registry fit into; the tests wait for them below.
node_tools_pid=""
if command -v npm >/dev/null 2>&1; then
  log "installing the OpenAPI contract tools (tests/contract) and the SignalR JavaScript client (tests/signalr-client) with npm ci, alongside the build"
  (cd tests/contract && npm ci --no-audit --no-fund --loglevel=error && cd ../signalr-client && npm ci --no-audit --no-fund --loglevel=error) \
    >"$work_dir/node-tools.log" 2>&1 &
  node_tools_pid=$!
fi

# The compiler server (VBCSCompiler) compiles every project of the solution in one process that keeps the compiler, the
# analyzers and the source generators loaded and JIT-compiled, and the referenced assemblies read: a clean build took
# 136-156 s and 258-298 CPU s with it, 229-237 s and 411-421 CPU s with a compiler process per project, which is what a
# machine that sets UseSharedCompilation=false in its environment gets otherwise (the machines this suite is timed on do;
# bench/results/suite-time-2026-11-29.md). It is stopped right after the build, so nothing of it outlives the script.
log "restoring and building"
compiler_server_started=1
dotnet build WhatsSuite.sln -c Release --nologo -v quiet -p:UseSharedCompilation=true
dotnet build-server shutdown --vbcscompiler >/dev/null 2>&1 || true
compiler_server_started=""

# The build above already failed on any code style or formatting rule (.editorconfig names each rule's id, and
# warnings are errors), so this only checks what the compiler does not see: final newlines, line endings, charset. It
# reads the files in a tenth of a second; `dotnet format whitespace --verify-no-changes`, which reports the same, loaded
# the solution and took 25 s and 38 CPU s from the tests (bench/results/suite-time-2026-11-30.md).
log "checking final newlines, line endings and charset"
format_status=0
scripts/check-whitespace.sh || format_status=$?

if [ -n "$node_tools_pid" ]; then
  if ! wait "$node_tools_pid"; then
    node_tools_pid=""
    cat "$work_dir/node-tools.log" >&2
    log "npm ci of the node tools failed"
    exit 1
  fi
  node_tools_pid=""
fi

# The built test assemblies run in one `dotnet test` (VSTest), two at a time (MaxCpuCount=2), the HTTP tests first: they
# take longest, and the others run one after another beside them. Handing VSTest the assemblies rather than the
# solution skips MSBuild's evaluation of every project: 16 s and 30 CPU s before the first test, against 8 s and 11 CPU s
# (bench/results/suite-time-2026-11-30.md). Inside each assembly, test classes run in parallel: the HTTP tests three
# classes at a time (tests/Api.IntegrationTests/Support/AssemblySettings.cs, ADR 0029), each on a database and Redis
# prefix of its own.
test_assemblies=()
for project in tests/Api.IntegrationTests/*.csproj tests/*/*.csproj; do
  assembly="$(dirname "$project")/bin/Release/net10.0/$(basename "$project" .csproj).dll"
  [[ " ${test_assemblies[*]} " == *" $assembly "* ]] || test_assemblies+=("$assembly")
done
log "running tests"
results_dir="$work_dir/results"
test_status=0
tests_start=$(date +%s)
dotnet test "${test_assemblies[@]}" --nologo --results-directory "$results_dir" --logger "trx" \
  --logger "console;verbosity=minimal" -- RunConfiguration.MaxCpuCount=2 || test_status=$?

passed=0; failed=0; skipped=0
for trx in "$results_dir"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"

# Where the time goes: the test classes with the largest sum of test durations (fixtures' start-up excluded).
log "slowest test classes (sum of their tests' durations):"
grep -ho '<UnitTestResult [^>]*>' "$results_dir"/*.trx 2>/dev/null | awk '
  {
    name = $0; sub(/.* testName="/, "", name); sub(/".*/, "", name); sub(/\(.*/, "", name)
    n = split(name, parts, "."); class = parts[n - 1]
    d = $0; sub(/.* duration="/, "", d); sub(/".*/, "", d); split(d, t, ":")
    seconds[class] += t[1] * 3600 + t[2] * 60 + t[3]; count[class]++
  }
  END { for (c in seconds) printf "%8.1fs %4d tests  %s\n", seconds[c], count[c], c }' | sort -rn | head -10 >&2 || true
now=$(date +%s)
log "tests took $((now - tests_start)) s"

# A service that stopped during the run fails its tests with "connection refused" and nothing else: say which one
# stopped and show the end of its log (the work directory, and the log with it, is removed on exit).
for service in "Redis:$redis_pid_file:$work_dir/redis.log" "s3rver:$s3_pid_file:$work_dir/s3rver.log"; do
  IFS=: read -r service_name service_pid_file service_log <<<"$service"
  if [ -f "$service_pid_file" ] && ! kill -0 "$(cat "$service_pid_file")" 2>/dev/null; then
    log "$service_name stopped during the tests; the end of its log:"
    tail -n 40 "$service_log" >&2 2>/dev/null || true
  fi
done

if [ "$format_status" -ne 0 ]; then
  log "formatting differs from the rules (.editorconfig): run dotnet format whitespace WhatsSuite.sln"
fi
now=$(date +%s)
log "the whole script took $((now - script_start)) s"

if [ "$test_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$format_status" -ne 0 ]; then
  exit 1
fi
if [ "$passed" -eq 0 ]; then
  log "no test ran"
  exit 1
fi
