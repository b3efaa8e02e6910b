#!/usr/bin/env bash
# Restores a backup written by scripts/backup.sh into a fresh database and storage, then proves it: the rows
# per table equal the manifest's, the audit chain verifies (the API's own check) up to the recorded head, and
# every media and archive file has the bytes it had. Run it with the API's environment; see README "Backups".
set -euo pipefail

script_name="restore.sh"
script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
# shellcheck source=scripts/backup-common.sh
source "$script_dir/backup-common.sh"

usage() {
  cat <<'EOF'
Usage: scripts/restore.sh [--force] [--api-command "COMMAND"] BACKUP_FILE

Restores BACKUP_FILE into the database and storage named by the API's environment variables (the same mode
and media storage the backup was taken from), in this order:
  1. decrypts it and checks the SHA-256 of every file against its manifest; nothing is touched before this
  2. refuses a target that is not empty: a database with any table, a non-empty media directory, bucket or
     archive directory (unless --force, which first deletes everything in them)
  3. restores the database (pg_restore in one transaction; or the SQLite file), the media and the archives
  4. verifies: rows per table equal the manifest, the audit chain's head is the recorded one and the whole
     chain verifies (the API's verify-audit-chain command), media and archive bytes match their checksums

Options:
  --force                Empty a non-empty target first. Everything in it is lost.
  --api-command COMMAND  How to run the API for the audit chain check, e.g. "dotnet /app/WhatsSuite.Api.dll"
                         (default: BACKUP_API_COMMAND; else /app/WhatsSuite.Api.dll when present; else
                         "dotnet run --project src/Api -c Release --no-launch-profile --" in this repository).
  --help                 This text.

Environment:
  BACKUP_PASSPHRASE or BACKUP_PASSPHRASE_FILE  The passphrase the backup was written with.

Exit codes: 0 restored and verified; 1 a tool failed; 2 bad arguments or configuration; 3 the backup cannot
be decrypted (wrong passphrase, damaged or changed file); 4 its contents do not match the manifest; 5 the target
is not empty; 6 the restored data does not match the manifest (the target is left as restored, for inspection).
EOF
}

force=false
api_command="$(setting BACKUP_API_COMMAND)"
backup_file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=true; shift ;;
    --api-command) [ $# -ge 2 ] || die "$EXIT_USAGE" "--api-command needs a command"; api_command="$2"; shift 2 ;;
    --api-command=*) api_command="${1#--api-command=}"; shift ;;
    --help | -h) usage; exit 0 ;;
    -*) usage >&2; die "$EXIT_USAGE" "unknown option '$1'" ;;
    *) [ -z "$backup_file" ] || die "$EXIT_USAGE" "one backup file at a time"; backup_file="$1"; shift ;;
  esac
done
[ -n "$backup_file" ] || { usage >&2; die "$EXIT_USAGE" "no backup file given"; }
[ -f "$backup_file" ] && [ -r "$backup_file" ] || die "$EXIT_USAGE" "cannot read '$backup_file'"

umask 077
load_passphrase
resolve_settings
require_tools gpg gpgconf jq sha256sum tar gzip
case "$mode" in
  server) require_tools pg_restore psql ;;
  embedded) require_tools sqlite3 ;;
esac
[ "$media_storage" = local ] || require_tools aws
if [ -z "$api_command" ]; then
  if [ -f /app/WhatsSuite.Api.dll ]; then
    api_command="dotnet /app/WhatsSuite.Api.dll"
  elif [ -f "$repo_root/src/Api/WhatsSuite.Api.csproj" ]; then
    api_command="dotnet run --project $repo_root/src/Api -c Release --no-launch-profile --"
  else
    die "$EXIT_USAGE" "no way to run the API for the audit chain check: give --api-command or BACKUP_API_COMMAND"
  fi
fi
read -r -a api_words <<<"$api_command"
require_tools "${api_words[0]}"

work_dir="$(mktemp -d -t whatssuite-restore.XXXXXX)"
cleanup() {
  local status=$?
  stop_gpg_agent
  rm -rf "$work_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. Decrypt and check, touching nothing ------------------------------------------------------------------------
log "decrypting '$backup_file'"
if ! run_gpg --decrypt --output "$work_dir/payload.tar.gz" "$backup_file" 2>"$work_dir/gpg.log"; then
  die "$EXIT_UNREADABLE" "the backup cannot be decrypted: wrong passphrase, or the file is damaged or was changed ($(tr '\n' ' ' <"$work_dir/gpg.log"))"
fi
payload="$work_dir/payload"
mkdir "$payload"
tar -C "$payload" --no-same-owner -xzf "$work_dir/payload.tar.gz" || die "$EXIT_CORRUPT" "the decrypted backup is not a readable archive"
rm -f "$work_dir/payload.tar.gz"
manifest="$payload/manifest.json"
[ -f "$manifest" ] || die "$EXIT_CORRUPT" "the backup has no manifest"
[ "$(jq -r '.format' "$manifest")" = "$BACKUP_FORMAT" ] || die "$EXIT_CORRUPT" "not a WhatsSuite backup"
[ "$(jq -r '.version' "$manifest")" = "$BACKUP_FORMAT_VERSION" ] \
  || die "$EXIT_USAGE" "backup format version $(jq -r '.version' "$manifest") is not supported by this script (version $BACKUP_FORMAT_VERSION)"

backup_mode="$(jq -r '.mode' "$manifest")"
[ "$backup_mode" = "$mode" ] || die "$EXIT_USAGE" "the backup is of a $backup_mode-mode deployment; these settings select $mode mode"
backup_storage="$(jq -r '.mediaStorage' "$manifest")"
[ "$backup_storage" = "$media_storage" ] || die "$EXIT_USAGE" "the backup's media were in '$backup_storage' storage; these settings select MEDIA_STORAGE=$media_storage"

jq -r '.files[] | "\(.sha256)\t\(.bytes)\t\(.path)"' "$manifest" | LC_ALL=C sort -t $'\t' -k3,3 >"$work_dir/expected-files.tsv"
mv "$manifest" "$work_dir/manifest.json"
manifest="$work_dir/manifest.json"
file_checksums "$payload" | LC_ALL=C sort -t $'\t' -k3,3 >"$work_dir/actual-files.tsv"
if ! diff -q "$work_dir/expected-files.tsv" "$work_dir/actual-files.tsv" >/dev/null; then
  die "$EXIT_CORRUPT" "the backup's files do not match its manifest: $(diff "$work_dir/expected-files.tsv" "$work_dir/actual-files.tsv" | grep '^[<>]' | head -3 | cut -f3 | tr '\n' ' ')"
fi
log "manifest checked: $(jq '.files | length' "$manifest") files, $(jq '.tables | length' "$manifest") tables, audit head $(jq -r '.auditHead.sequence' "$manifest")"

# --- 2. The target must be fresh -----------------------------------------------------------------------------------
not_empty=()
if [ "$mode" = server ]; then
  relations="$(psql -X -At -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%';" 2>"$work_dir/psql.log")" \
    || die "$EXIT_FAILED" "cannot connect to the target database '$PGDATABASE' on ${PGHOST:-}:${PGPORT:-5432} (it must exist): $(cat "$work_dir/psql.log")"
  [ "$relations" -eq 0 ] || not_empty+=("database '$PGDATABASE' ($relations tables, views or sequences)")
elif [ -s "$sqlite_path" ]; then
  not_empty+=("SQLite database '$sqlite_path'")
fi
dir_has_files() { [ -d "$1" ] && [ -n "$(find "$1" -mindepth 1 -print -quit)" ]; }
if [ "$media_storage" = local ]; then
  ! dir_has_files "$media_dir" || not_empty+=("media directory '$media_dir'")
else
  first="$(run_aws s3api list-objects-v2 --bucket "$s3_bucket" --max-items 1 --query 'Contents[0].Key' --output text)" \
    || die "$EXIT_FAILED" "cannot list the bucket '$s3_bucket'"
  [ "$first" = None ] || [ -z "$first" ] || not_empty+=("bucket '$s3_bucket'")
fi
! dir_has_files "$archive_dir" || not_empty+=("archive directory '$archive_dir'")

if [ ${#not_empty[@]} -gt 0 ]; then
  if [ "$force" != true ]; then
    die "$EXIT_NOT_EMPTY" "the target is not empty: ${not_empty[*]}. Restore into a fresh database and storage, or add --force to delete what is there"
  fi
  log "--force: emptying ${not_empty[*]}"
  if [ "$mode" = server ]; then
    psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || die "$EXIT_FAILED" "emptying the target database failed"
SET client_min_messages = warning;
DO $$
DECLARE s name;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
  CREATE SCHEMA public;
END $$;
SQL
  else
    rm -f -- "$sqlite_path" "$sqlite_path-wal" "$sqlite_path-shm" "$sqlite_path-journal"
  fi
  if [ "$media_storage" = local ]; then
    [ ! -d "$media_dir" ] || find "$media_dir" -mindepth 1 -delete
  else
    run_aws s3 rm --only-show-errors --recursive "s3://$s3_bucket/" || die "$EXIT_FAILED" "emptying the bucket '$s3_bucket' failed"
  fi
  [ ! -d "$archive_dir" ] || find "$archive_dir" -mindepth 1 -delete
fi

# --- 3. Restore ----------------------------------------------------------------------------------------------------
if [ "$mode" = server ]; then
  log "restoring the database into '$PGDATABASE' on ${PGHOST:-}:${PGPORT:-5432}"
  pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --no-password \
    --dbname="$PGDATABASE" "$payload/database/whatssuite.dump" || die "$EXIT_FAILED" "pg_restore failed (nothing of it was committed)"
else
  log "restoring the SQLite database to '$sqlite_path'"
  mkdir -p "$(dirname "$sqlite_path")"
  cp -- "$payload/database/whatssuite.db" "$sqlite_path.restoring.$$"
  mv -- "$sqlite_path.restoring.$$" "$sqlite_path"
fi
if [ "$media_storage" = local ]; then
  log "restoring media to '$media_dir'"
  mkdir -p "$media_dir"
  cp -a -- "$payload/media/." "$media_dir/"
else
  log "restoring media to bucket '$s3_bucket'"
  if [ -d "$payload/bucket" ]; then
    run_aws s3 cp --only-show-errors --recursive "${S3_PREFIX_FILTERS[@]}" "$payload/bucket/" "s3://$s3_bucket/" \
      || die "$EXIT_FAILED" "copying to s3://$s3_bucket/ failed"
  fi
fi
log "restoring archives to '$archive_dir'"
mkdir -p "$archive_dir"
cp -a -- "$payload/archives/." "$archive_dir/"

# --- 4. Verify -----------------------------------------------------------------------------------------------------
failures=()
jq -r '.tables | to_entries[] | "\(.key)\t\(.value)"' "$manifest" | LC_ALL=C sort >"$work_dir/expected-counts.tsv"
if [ "$mode" = server ]; then
  psql -X -At -v ON_ERROR_STOP=1 -c "$PG_COUNTS_SQL" | LC_ALL=C sort >"$work_dir/actual-counts.tsv"
  audit_head="$(psql -X -At -v ON_ERROR_STOP=1 -c "$PG_AUDIT_HEAD_SQL")"
else
  sqlite_counts "$sqlite_path" >"$work_dir/actual-counts.tsv"
  audit_head="$(sqlite_audit_head "$sqlite_path")"
fi
if ! diff -q "$work_dir/expected-counts.tsv" "$work_dir/actual-counts.tsv" >/dev/null; then
  failures+=("rows per table differ: $(diff "$work_dir/expected-counts.tsv" "$work_dir/actual-counts.tsv" | grep '^[<>]' | head -6 | tr '\t\n' '= ')")
fi
expected_head="$(jq -r '"\(.auditHead.sequence)\t\(.auditHead.hash)"' "$manifest")"
[ "$audit_head" = "$expected_head" ] || failures+=("the audit chain's head is '${audit_head//$'\t'/ }', the backup recorded '${expected_head//$'\t'/ }'")

log "verifying the audit chain ($api_command verify-audit-chain)"
if ! "${api_words[@]}" verify-audit-chain >"$work_dir/verify.log" 2>&1; then
  failures+=("the audit chain does not verify: $(grep -i 'audit chain' "$work_dir/verify.log" | tail -1 || tail -3 "$work_dir/verify.log")")
fi

verify_tree() { # $1 manifest prefix, $2 restored root
  local expected actual
  expected="$(awk -F'\t' -v p="$1/" 'index($3, p) == 1 { print $1 "\t" $2 "\t" substr($3, length(p) + 1) }' "$work_dir/expected-files.tsv")"
  actual="$(if [ -d "$2" ]; then file_checksums "$2" | LC_ALL=C sort -t $'\t' -k3,3; fi)"
  [ "$expected" = "$actual" ] || failures+=("the files under '$2' differ from the backup's $1/: $(diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | grep '^[<>]' | head -3 | cut -f3 | tr '\n' ' ')")
}
if [ "$media_storage" = local ]; then
  verify_tree media "$media_dir"
else
  mkdir "$work_dir/bucket"
  run_aws s3 cp --only-show-errors --recursive "${S3_PREFIX_FILTERS[@]}" "s3://$s3_bucket/" "$work_dir/bucket/" \
    || die "$EXIT_FAILED" "reading back s3://$s3_bucket/ failed"
  verify_tree bucket "$work_dir/bucket"
fi
verify_tree archives "$archive_dir"

if [ ${#failures[@]} -gt 0 ]; then
  for failure in "${failures[@]}"; do log "verification failed: $failure"; done
  exit "$EXIT_MISMATCH"
fi
log "restored and verified: $(jq '.tables | length' "$manifest") tables with $(jq '[.tables[]] | add' "$manifest") rows, audit chain intact up to $(jq -r '.auditHead.sequence' "$manifest"), $(jq '.files | length' "$manifest") files"
