#!/usr/bin/env bash
# Processing cost of a campaign's status webhooks: after a campaign, WhatsApp reports every message delivered and then
# read, two or three webhooks per recipient, arriving at the campaign's own rate or faster. They share the webhook inbox
# with customers' messages, so what they cost decides how far behind the desk falls during a broadcast.
# See bench/README.md ("Status webhooks after a campaign").
#
# Usage: bench/campaigns/status-drain.sh WORK_DIR [LABEL]
#   WORK_DIR   the work directory kept by `KEEP_WORK=1 bench/campaigns/run.sh` (its PostgreSQL cluster holds the
#              campaigns' messages, sent under the fake Graph API's wamids, and their ledger rows)
# Environment (all optional):
#   MESSAGES=10000   campaign messages whose "delivered" and "read" webhooks (one status each, as WhatsApp sends them)
#                    are put in the inbox at once: 2 x MESSAGES deliveries
#   WARMUP=2000      messages whose two webhooks are drained first and not measured (the runtime's recompilation)
#   API_DIR=src/Api/bin/Release/net10.0   the WhatsSuite build to measure (build it first)
#   PERF=1           sample the API's CPU with Linux perf during the measured drain (bench/perf-summary.py)
#   RESULTS_DIR=bench/results
# The messages are the campaign's that are still "sent" (so a data set serves as many drains as it has such messages:
# each drain moves its messages to "read"); WARMUP + MESSAGES of them are needed.
# Prints one line: statuses, wall time, rate, API and PostgreSQL CPU seconds and milliseconds per status, and checks
# that every measured message and its ledger row ended "read"; writes the top statements (pg_stat_statements) beside it.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/../.." && pwd)"
work="${1:?usage: status-drain.sh WORK_DIR [LABEL]}"
label="${2:-status-drain}"
MESSAGES="${MESSAGES:-10000}"
WARMUP="${WARMUP:-2000}"
PERF="${PERF:-0}"
API_DIR="${API_DIR:-$repo_root/src/Api/bin/Release/net10.0}"
RESULTS_DIR="${RESULTS_DIR:-$repo_root/bench/results}"
pg_data="$work/pg/data"
[ -d "$pg_data" ] || { echo "no PostgreSQL cluster in $pg_data (run bench/campaigns/run.sh with KEEP_WORK=1 first)" >&2; exit 1; }
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_port="$(free_port)"; redis_port="$(free_port)"; api_port="$(free_port)"
as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/pg/status-drain-postgres.log" -w \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on" start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no --pidfile "$work/status-drain-redis.pid" >/dev/null
api=""
cleanup() {
  [ -z "$api" ] || kill "$api" 2>/dev/null || true
  [ -z "$api" ] || wait "$api" 2>/dev/null || true
  kill "$(cat "$work/status-drain-redis.pid" 2>/dev/null)" 2>/dev/null || true
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
P=(env PGOPTIONS="-c client_min_messages=warning" psql -X -h 127.0.0.1 -p "$pg_port" -U postgres -d whatssuite -At -q -v ON_ERROR_STOP=1)
"${P[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
postmaster="$(head -1 "$pg_data/postmaster.pid")"
ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk -v all="$2" '{ print $12 + $13 + (all ? $14 + $15 : 0) }' || echo 0; }
pg_ticks() { local t; t=$(ticks "$postmaster" 1); for p in $(pgrep -P "$postmaster"); do t=$((t + $(ticks "$p" 0))); done; echo "$t"; }

available="$("${P[@]}" -c "SELECT count(*) FROM messages m JOIN campaign_recipients r ON r.message_id = m.id WHERE m.status = 'Sent' AND m.wamid IS NOT NULL")"
[ "$available" -ge $((WARMUP + MESSAGES)) ] || { echo "the data set has $available campaign messages still sent; WARMUP + MESSAGES = $((WARMUP + MESSAGES)) are needed" >&2; exit 1; }
"${P[@]}" -c "DELETE FROM webhook_inbox WHERE status = 'Pending'"
(cd "$API_DIR" && exec env ASPNETCORE_URLS="http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Development \
  POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$pg_port" POSTGRES_USER=postgres POSTGRES_DB=whatssuite REDIS_URL="redis://127.0.0.1:$redis_port" \
  JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" DATA_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64 | tr -d '\n')" \
  ADMIN_EMAIL=admin@bench.whatssuite.local ADMIN_PASSWORD=Bench-seed-password-1 MFA_REQUIRED_ROLES=none HTTP_REQUIRE_HTTPS=false \
  LOG_LEVEL=warn SERVICE_INSTANCE_ID=status-drain DB_MIGRATE_ON_STARTUP=true \
  $([ "$PERF" = 1 ] && echo "DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_PerfMapShowOptimizationTiers=1") dotnet WhatsSuite.Api.dll >"$work/status-drain-api-$label.log" 2>&1) &
api=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$api_port/api/v1/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "http://127.0.0.1:$api_port/api/v1/health/ready" >/dev/null || { echo "the API did not start; see $work/status-drain-api-$label.log" >&2; exit 1; }
sleep 3

# Picks $2 campaign messages still "sent" into table $1, oldest first.
pick() {
  "${P[@]}" -c "DROP TABLE IF EXISTS $1; CREATE TABLE $1 AS
  SELECT m.id, m.wamid, m.connection_id, m.created_at, r.phone FROM messages m JOIN campaign_recipients r ON r.message_id = m.id
  WHERE m.status = 'Sent' AND m.wamid IS NOT NULL ORDER BY m.created_at, m.id LIMIT $2"
}
# Puts the "delivered" then the "read" webhook of every message of table $1 in the inbox, one status per delivery, in
# the envelope WhatsApp sends (the connection's phone_number_id in its metadata), received in that order, due at $2
# (default now).
enqueue() {
  "${P[@]}" -c "INSERT INTO webhook_inbox (id, connection_id, app_id, body, status, attempts, progress, split_items, received_at, next_attempt_at)
  SELECT gen_random_uuid(), p.connection_id, coalesce(c.meta_app_id, '100200300'),
    json_build_object('object', 'whatsapp_business_account', 'entry', json_build_array(json_build_object('id', coalesce(c.waba_id, '900800700'),
      'changes', json_build_array(json_build_object('field', 'messages', 'value', json_build_object(
        'messaging_product', 'whatsapp',
        'metadata', json_build_object('display_phone_number', c.display_number, 'phone_number_id', c.phone_number_id),
        'statuses', json_build_array(json_build_object('id', p.wamid, 'status', s.status,
          'timestamp', (extract(epoch FROM now())::bigint + s.k)::text, 'recipient_id', p.phone,
          'pricing', json_build_object('billable', true, 'pricing_model', 'PMP', 'category', 'marketing', 'type', 'regular')))))))))::text,
    'Pending', 0, 0, 0, clock_timestamp() + s.k * interval '1 microsecond', ${2:-now()}
  FROM $1 p JOIN connections c ON c.id = p.connection_id
  CROSS JOIN (VALUES (0, 'delivered'), (1, 'read')) AS s(k, status)
  ORDER BY s.k, p.created_at, p.id"
}
drained() { while [ "$("${P[@]}" -c "SELECT EXISTS (SELECT 1 FROM webhook_inbox WHERE status = 'Pending')")" = t ]; do sleep 0.5; done; }
if [ "$WARMUP" -gt 0 ]; then
  pick status_drain_warmup "$WARMUP"
  enqueue status_drain_warmup
  drained
  sleep 5
fi
pick status_drain_measured "$MESSAGES"
# The deliveries are written before the measurement starts, not yet due: only their release (one UPDATE) falls inside it.
enqueue status_drain_measured "'infinity'"
"${P[@]}" -c "SELECT pg_stat_statements_reset()" >/dev/null
events_before="$("${P[@]}" -c "SELECT count(*) FROM message_status_events")"
perf_pid=""
if [ "$PERF" = 1 ]; then
  perf record -q -F 499 -g -p "$api" -o "$work/status-drain-$label.perf.data" >"$work/status-drain-perf-$label.log" 2>&1 &
  perf_pid=$!
  sleep 1
fi
pg0=$(pg_ticks); api0=$(ticks "$api" 0); t0=$(date +%s.%N)
"${P[@]}" -c "UPDATE webhook_inbox SET next_attempt_at = now() WHERE status = 'Pending'"
drained
t1=$(date +%s.%N); pg1=$(pg_ticks); api1=$(ticks "$api" 0)
if [ -n "$perf_pid" ]; then
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  mkdir -p "$RESULTS_DIR"
  python3 "$bench_dir/../perf-summary.py" "$work/status-drain-$label.perf.data" >"$RESULTS_DIR/status-drain-$label-perf.txt"
  echo "profile: $RESULTS_DIR/status-drain-$label-perf.txt" >&2
fi
statuses=$(( $("${P[@]}" -c "SELECT count(*) FROM message_status_events") - events_before ))
read_messages="$("${P[@]}" -c "SELECT count(*) FROM status_drain_measured p JOIN messages m ON m.id = p.id WHERE m.status = 'Read'")"
read_rows="$("${P[@]}" -c "SELECT count(*) FROM status_drain_measured p JOIN campaign_recipients r ON r.message_id = p.id WHERE r.status = 'Read'")"
failed="$("${P[@]}" -c "SELECT count(*) FROM webhook_inbox WHERE status <> 'Processed' AND received_at > now() - interval '1 hour'")"
mkdir -p "$RESULTS_DIR"
# Columns: calls, plans, execution ms, planning ms, mean execution ms, rows, statement.
"${P[@]}" -F $'\t' -c "SELECT calls, plans, round(total_exec_time::numeric, 1), round(total_plan_time::numeric, 1), round(mean_exec_time::numeric, 3), rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
  FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 20" >"$RESULTS_DIR/status-drain-$label-statements.tsv"
python3 - "$label" "$statuses" "$t0" "$t1" "$api0" "$api1" "$pg0" "$pg1" "$(getconf CLK_TCK)" "$(cut -d' ' -f1 /proc/loadavg)" "$MESSAGES" "$read_messages" "$read_rows" "$failed" <<'PY'
import sys
label, n, t0, t1, a0, a1, p0, p1, tck, load, messages, read_messages, read_rows, failed = sys.argv[1:]
n = int(n); wall = float(t1) - float(t0); api = (int(a1) - int(a0)) / int(tck); pg = (int(p1) - int(p0)) / int(tck)
ok = int(read_messages) == int(messages) and int(read_rows) == int(messages) and int(failed) == 0 and n == 2 * int(messages)
print(f"{label}: statuses={n} wall={wall:.1f}s rate={n / wall:.0f}/s api_cpu={api:.1f}s pg_cpu={pg:.1f}s "
      f"cpu_ms_per_status api={1000 * api / n:.3f} postgres={1000 * pg / n:.3f} total={1000 * (api + pg) / n:.3f} "
      f"read: messages={read_messages}/{messages} ledger={read_rows}/{messages} not_processed={failed} {'OK' if ok else 'MISMATCH'} load1={load}")
PY
