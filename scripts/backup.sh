#!/usr/bin/env bash
# Backs up a WhatsSuite deployment into one encrypted file: a consistent copy of the database, the media files
# (the local directory or the S3 bucket) and the archive files, with a manifest (rows per table, the audit
# chain's head, the SHA-256 of every file). Run it with the API's environment; see README "Backups".
set -euo pipefail

script_name="backup.sh"
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/backup-common.sh
source "$script_dir/backup-common.sh"

usage() {
  cat <<'EOF'
Usage: scripts/backup.sh [--output FILE]

Writes one encrypted backup of this deployment (the settings are the API's environment variables):
  server mode    pg_dump (custom format) of the whole database, one snapshot, with the row counts of the
                 same snapshot
  embedded mode  a consistent copy of the SQLite database (VACUUM INTO), never a copy of the live file
  always         the media files (MEDIA_STORAGE_DIR, or the media bucket's media/, incoming/, quarantine/ and
                 archives/ with MEDIA_STORAGE=s3) and the archive files (ARCHIVE_DIR)

Options:
  --output FILE  Where to write the backup (default: ./whatssuite-<UTC time>.backup). Written to a temporary
                 name first and renamed when complete; an existing file is never overwritten.
  --help         This text.

Environment:
  BACKUP_PASSPHRASE       The passphrase the backup is encrypted with (at least 16 characters), or
  BACKUP_PASSPHRASE_FILE  a file whose first line is the passphrase. Without either, nothing is written.

Exit codes: 0 written; 1 a tool failed; 2 bad arguments or configuration (no passphrase, a missing tool).
EOF
}

output=""
while [ $# -gt 0 ]; do
  case "$1" in
    --output) [ $# -ge 2 ] || die "$EXIT_USAGE" "--output needs a file"; output="$2"; shift 2 ;;
    --output=*) output="${1#--output=}"; shift ;;
    --help | -h) usage; exit 0 ;;
    *) usage >&2; die "$EXIT_USAGE" "unknown argument '$1'" ;;
  esac
done

umask 077
load_passphrase
resolve_settings
require_tools gpg gpgconf jq sha256sum tar gzip
case "$mode" in
  server) require_tools pg_dump psql ;;
  embedded) require_tools sqlite3 ;;
esac
[ "$media_storage" = local ] || require_tools aws

created_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
if [ -z "$output" ]; then
  output="./whatssuite-$(date -u -d "$created_at" +%Y%m%dT%H%M%SZ).backup"
fi
[ ! -e "$output" ] || die "$EXIT_USAGE" "'$output' already exists"
output_dir="$(dirname "$output")"
[ -d "$output_dir" ] && [ -w "$output_dir" ] || die "$EXIT_USAGE" "cannot write to the directory '$output_dir'"

work_dir="$(mktemp -d -t whatssuite-backup.XXXXXX)"
partial="$output.partial.$$"
snapshot_pid=""
cleanup() {
  local status=$?
  stop_gpg_agent
  if [ -n "$snapshot_pid" ]; then kill "$snapshot_pid" >/dev/null 2>&1 || true; fi
  rm -rf "$work_dir"
  rm -f "$partial"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

payload="$work_dir/payload"
mkdir -p "$payload/database" "$payload/media" "$payload/archives"

# --- The database ------------------------------------------------------------------------------------------------
if [ "$mode" = server ]; then
  log "dumping PostgreSQL database '$PGDATABASE' on $PGHOST:${PGPORT:-5432}"
  # One REPEATABLE READ transaction exports its snapshot; pg_dump dumps exactly that snapshot, and the counts and
  # the audit head are read in the same one, so the manifest describes the dump whatever runs meanwhile.
  coproc SNAPSHOT { exec psql -X -q -At -v ON_ERROR_STOP=1 2>&1; }
  snapshot_pid="$SNAPSHOT_PID"
  printf 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSELECT pg_export_snapshot();\n' >&"${SNAPSHOT[1]}"
  IFS= read -r -t 60 snapshot <&"${SNAPSHOT[0]}" || die "$EXIT_FAILED" "could not open a snapshot of the database"
  [[ "$snapshot" =~ ^[0-9A-Fa-f-]+$ ]] || die "$EXIT_FAILED" "could not open a snapshot of the database: $snapshot"
  pg_dump --format=custom --snapshot="$snapshot" --no-password --file="$payload/database/whatssuite.dump" \
    || die "$EXIT_FAILED" "pg_dump failed"
  printf '%s\nSELECT %s;\n%s\nSELECT %s;\n' "$PG_COUNTS_SQL" "'--end--'" "$PG_AUDIT_HEAD_SQL" "'--end--'" >&"${SNAPSHOT[1]}"
  : >"$work_dir/counts.tsv"
  line=""
  while IFS= read -r -t 600 line <&"${SNAPSHOT[0]}"; do
    [ "$line" != "--end--" ] || break
    printf '%s\n' "$line" >>"$work_dir/counts.tsv"
  done
  [ "$line" = "--end--" ] || die "$EXIT_FAILED" "counting rows failed: $(cat "$work_dir/counts.tsv")"
  IFS= read -r -t 60 audit_head <&"${SNAPSHOT[0]}" || die "$EXIT_FAILED" "reading the audit chain's head failed"
  IFS= read -r -t 60 line <&"${SNAPSHOT[0]}" && [ "$line" = "--end--" ] || die "$EXIT_FAILED" "reading the audit chain's head failed: $audit_head"
  printf 'COMMIT;\n\\q\n' >&"${SNAPSHOT[1]}"
  wait "$snapshot_pid" || die "$EXIT_FAILED" "the snapshot transaction did not end cleanly"
  snapshot_pid=""
  LC_ALL=C sort -o "$work_dir/counts.tsv" "$work_dir/counts.tsv"
else
  [ -f "$sqlite_path" ] || die "$EXIT_USAGE" "no SQLite database at '$sqlite_path' (SQLITE_PATH)"
  log "copying SQLite database '$sqlite_path'"
  copy="$payload/database/whatssuite.db"
  # VACUUM INTO writes a consistent copy from one read transaction while the API keeps running.
  sqlite3 -bail "$sqlite_path" ".timeout 60000" "VACUUM INTO '${copy//\'/\'\'}';" || die "$EXIT_FAILED" "copying the SQLite database failed"
  sqlite_counts "$copy" >"$work_dir/counts.tsv"
  audit_head="$(sqlite_audit_head "$copy")"
fi

# --- Media and archives --------------------------------------------------------------------------------------------
if [ "$media_storage" = local ]; then
  if [ -d "$media_dir" ]; then
    log "copying media from '$media_dir'"
    cp -a -- "$media_dir/." "$payload/media/"
  else
    log "no media directory at '$media_dir': no media files"
  fi
else
  log "copying media from bucket '$s3_bucket'"
  mkdir -p "$payload/bucket"
  run_aws s3 cp --only-show-errors --recursive "${S3_PREFIX_FILTERS[@]}" "s3://$s3_bucket/" "$payload/bucket/" \
    || die "$EXIT_FAILED" "copying from s3://$s3_bucket/ failed"
fi
if [ -d "$archive_dir" ]; then
  log "copying archives from '$archive_dir'"
  cp -a -- "$archive_dir/." "$payload/archives/"
fi

# --- Manifest ------------------------------------------------------------------------------------------------------
file_checksums "$payload" >"$work_dir/files.tsv"
jq -n \
  --arg format "$BACKUP_FORMAT" --argjson version "$BACKUP_FORMAT_VERSION" --arg createdAt "$created_at" \
  --arg mode "$mode" --arg mediaStorage "$media_storage" --arg head "$audit_head" \
  --rawfile counts "$work_dir/counts.tsv" --rawfile files "$work_dir/files.tsv" '
  def rows: split("\n") | map(select(length > 0) | split("\t"));
  {
    format: $format, version: $version, createdAt: $createdAt, mode: $mode, mediaStorage: $mediaStorage,
    tables: ($counts | rows | map({key: .[0], value: (.[1] | tonumber)}) | from_entries),
    auditHead: ($head | split("\t") | {sequence: (.[0] | tonumber), hash: (.[1] // "")}),
    files: ($files | rows | map({path: .[2], bytes: (.[1] | tonumber), sha256: .[0]}))
  }' >"$payload/manifest.json"

# --- One encrypted file --------------------------------------------------------------------------------------------
log "encrypting"
tar -C "$payload" -cf - . | gzip -6 >"$work_dir/payload.tar.gz"
run_gpg --symmetric --cipher-algo AES256 --s2k-mode 3 --s2k-digest-algo SHA512 --s2k-count 65011712 \
  --compress-algo none --output "$partial" "$work_dir/payload.tar.gz" || die "$EXIT_FAILED" "encrypting failed"
mv -n -- "$partial" "$output"
[ ! -e "$partial" ] || die "$EXIT_USAGE" "'$output' appeared while the backup was written; left it as it was"
log "wrote '$output': $(jq '.tables | length' "$payload/manifest.json") tables, $(jq '.files | length' "$payload/manifest.json") files, audit head $(jq -r '.auditHead.sequence' "$payload/manifest.json")"
