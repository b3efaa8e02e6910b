# Shared by scripts/backup.sh and scripts/restore.sh (sourced, not run). Reads the same environment variables
# as the API: the persistence mode (ConnectionStrings__Postgres or POSTGRES_* for server mode, SQLITE_PATH for
# embedded mode), MEDIA_STORAGE with MEDIA_STORAGE_DIR or the MEDIA_S3_* settings, and ARCHIVE_DIR, with the
# API's defaults. See README "Backups" and docs/decisions/0040-backup-format-and-encryption.md.

# Exit codes (README "Backups" lists them).
readonly EXIT_FAILED=1      # a tool failed (pg_dump, psql, sqlite3, gpg, a copy)
readonly EXIT_USAGE=2       # bad arguments or configuration, no passphrase, a missing tool
readonly EXIT_UNREADABLE=3  # the backup cannot be decrypted: wrong passphrase, damaged or tampered file
readonly EXIT_CORRUPT=4     # the decrypted contents do not match their manifest
readonly EXIT_NOT_EMPTY=5   # the target database or storage is not empty (and --force was not given)
readonly EXIT_MISMATCH=6    # after restoring, counts, the audit chain or media bytes differ from the manifest

readonly BACKUP_FORMAT="whatssuite-backup"
readonly BACKUP_FORMAT_VERSION=1
readonly MIN_PASSPHRASE_LENGTH=16

log() { printf '[%s] %s\n' "$script_name" "$*" >&2; }
die() { local code=$1; shift; printf '[%s] error: %s\n' "$script_name" "$*" >&2; exit "$code"; }

# Blank counts as unset, as in the API.
setting() {
  local value="${!1:-}"
  if [[ "$value" =~ ^[[:space:]]*$ ]]; then value="${2:-}"; fi
  printf '%s' "$value"
}

is_true() {
  case "${1,,}" in
    true | 1 | yes | on) return 0 ;;
    false | 0 | no | off | "") return 1 ;;
    *) die "$EXIT_USAGE" "$2 must be true or false; got '$1'" ;;
  esac
}

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "$EXIT_USAGE" "$tool is not installed (Debian: apt-get install $(package_of "$tool"))"
  done
}

package_of() {
  case "$1" in
    pg_dump | pg_restore | psql) echo postgresql-client ;;
    sqlite3) echo sqlite3 ;;
    gpg | gpgconf) echo gpg ;;
    aws) echo awscli ;;
    jq) echo jq ;;
    *) echo "$1" ;;
  esac
}

# The passphrase: BACKUP_PASSPHRASE, or the first line of the file BACKUP_PASSPHRASE_FILE. It reaches gpg through a
# file descriptor, never a command line.
load_passphrase() {
  local file
  passphrase="$(setting BACKUP_PASSPHRASE)"
  file="$(setting BACKUP_PASSPHRASE_FILE)"
  if [ -n "$passphrase" ] && [ -n "$file" ]; then
    die "$EXIT_USAGE" "set BACKUP_PASSPHRASE or BACKUP_PASSPHRASE_FILE, not both"
  fi
  if [ -n "$file" ]; then
    [ -r "$file" ] || die "$EXIT_USAGE" "BACKUP_PASSPHRASE_FILE '$file' cannot be read"
    IFS= read -r passphrase <"$file" || true
  fi
  if [ -z "$passphrase" ]; then
    die "$EXIT_USAGE" "no backup passphrase: set BACKUP_PASSPHRASE or BACKUP_PASSPHRASE_FILE (backups are always encrypted)"
  fi
  if [ "${#passphrase}" -lt "$MIN_PASSPHRASE_LENGTH" ]; then
    die "$EXIT_USAGE" "the backup passphrase must have at least $MIN_PASSPHRASE_LENGTH characters"
  fi
}

# gpg in a private home directory (no keyring, no agent cache); its agent is stopped on exit.
gpg_home=""
run_gpg() {
  if [ -z "$gpg_home" ]; then
    gpg_home="$work_dir/gnupg"
    mkdir -m 700 "$gpg_home"
  fi
  gpg --homedir "$gpg_home" --batch --quiet --no-tty --no-symkey-cache --pinentry-mode loopback --passphrase-fd 3 "$@" 3<<<"$passphrase"
}

stop_gpg_agent() {
  if [ -n "$gpg_home" ] && [ -d "$gpg_home" ]; then
    gpgconf --homedir "$gpg_home" --kill gpg-agent >/dev/null 2>&1 || true
  fi
}

# Resolves the deployment's settings into: mode (server|embedded), the libpq environment (server), sqlite_path
# (embedded), media_storage (local|s3) with media_dir or the S3 settings, and archive_dir.
resolve_settings() {
  local connection sqlite_default
  sqlite_path="$(realpath -m "$(setting SQLITE_PATH data/whatssuite.db)")"
  sqlite_default="$(dirname "$sqlite_path")"
  media_dir="$(realpath -m "$(setting MEDIA_STORAGE_DIR "$sqlite_default/media")")"
  archive_dir="$(realpath -m "$(setting ARCHIVE_DIR "$sqlite_default/archives")")"
  media_storage="$(setting MEDIA_STORAGE local)"
  media_storage="${media_storage,,}"
  media_storage="${media_storage//[[:space:]]/}"
  case "$media_storage" in
    local) ;;
    s3)
      s3_bucket="$(setting MEDIA_S3_BUCKET)"
      [ -n "$s3_bucket" ] || die "$EXIT_USAGE" "MEDIA_S3_BUCKET is required with MEDIA_STORAGE=s3"
      ;;
    *) die "$EXIT_USAGE" "MEDIA_STORAGE must be local or s3; got '$media_storage'" ;;
  esac

  connection="$(setting ConnectionStrings__Postgres)"
  if [ -n "$connection" ]; then
    mode=server
    apply_npgsql_connection_string "$connection"
  elif [ -n "$(setting POSTGRES_HOST)" ]; then
    mode=server
    export PGHOST PGPORT PGUSER PGDATABASE
    PGHOST="$(setting POSTGRES_HOST)"
    PGPORT="$(setting POSTGRES_PORT 5432)"
    PGUSER="$(setting POSTGRES_USER)"
    PGDATABASE="$(setting POSTGRES_DB)"
    [ -n "$PGUSER" ] || die "$EXIT_USAGE" "POSTGRES_USER is required when POSTGRES_HOST is set"
    [ -n "$PGDATABASE" ] || die "$EXIT_USAGE" "POSTGRES_DB is required when POSTGRES_HOST is set"
    if [ -n "$(setting POSTGRES_PASSWORD)" ]; then export PGPASSWORD; PGPASSWORD="$(setting POSTGRES_PASSWORD)"; fi
    if is_true "$(setting POSTGRES_SSL false)" POSTGRES_SSL; then export PGSSLMODE=require; else export PGSSLMODE=prefer; fi
  else
    mode=embedded
  fi
}

# An Npgsql connection string (key=value;…, keys in any case, with Npgsql's aliases) into libpq's variables.
apply_npgsql_connection_string() {
  local part key value
  local IFS=';'
  export PGSSLMODE=prefer
  for part in $1; do
    [[ "$part" == *=* ]] || continue
    key="${part%%=*}"; value="${part#*=}"
    key="${key,,}"; key="${key//[[:space:]]/}"
    case "$key" in
      host | server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      username | userid | user | username | uid) export PGUSER="$value" ;;
      password | pwd | psw) export PGPASSWORD="$value" ;;
      database | db) export PGDATABASE="$value" ;;
      sslmode)
        case "${value,,}" in
          disable) export PGSSLMODE=disable ;;
          allow) export PGSSLMODE=allow ;;
          prefer) export PGSSLMODE=prefer ;;
          require) export PGSSLMODE=require ;;
          verifyca | verify-ca) export PGSSLMODE=verify-ca ;;
          verifyfull | verify-full) export PGSSLMODE=verify-full ;;
          *) die "$EXIT_USAGE" "SSL Mode '$value' in ConnectionStrings__Postgres is not known" ;;
        esac
        ;;
    esac
  done
  [ -n "${PGHOST:-}" ] || die "$EXIT_USAGE" "ConnectionStrings__Postgres has no Host"
  [ -n "${PGDATABASE:-}" ] || die "$EXIT_USAGE" "ConnectionStrings__Postgres has no Database"
}

# The aws command line against the media bucket, with the API's S3 settings (MEDIA_S3_PATH_STYLE through a private
# aws configuration file). High-level `aws s3` commands get --only-show-errors from their callers.
run_aws() {
  local endpoint region config args=()
  endpoint="$(setting MEDIA_S3_ENDPOINT)"
  region="$(setting MEDIA_S3_REGION us-east-1)"
  [ -z "$endpoint" ] || args+=(--endpoint-url "$endpoint")
  config="$work_dir/aws-config"
  if [ ! -f "$config" ]; then
    printf '[default]\n' >"$config"
    if is_true "$(setting MEDIA_S3_PATH_STYLE false)" MEDIA_S3_PATH_STYLE; then
      printf 's3 =\n    addressing_style = path\n' >>"$config"
    fi
  fi
  if [ -n "$(setting MEDIA_S3_ACCESS_KEY)" ]; then
    AWS_ACCESS_KEY_ID="$(setting MEDIA_S3_ACCESS_KEY)" AWS_SECRET_ACCESS_KEY="$(setting MEDIA_S3_SECRET_KEY)" \
      AWS_CONFIG_FILE="$config" AWS_DEFAULT_REGION="$region" AWS_EC2_METADATA_DISABLED=true aws "${args[@]}" "$@"
  else
    AWS_CONFIG_FILE="$config" AWS_DEFAULT_REGION="$region" AWS_EC2_METADATA_DISABLED=true aws "${args[@]}" --no-sign-request "$@"
  fi
}

# The bucket's prefixes a deployment writes (ADRs 0031 and 0033), as `aws s3 cp --recursive` filters.
readonly S3_PREFIX_FILTERS=(--exclude '*' --include 'media/*' --include 'incoming/*' --include 'quarantine/*' --include 'archives/*')

# "schema.table<TAB>rows" for every table (partitioned tables once, with all their partitions), sorted.
readonly PG_COUNTS_SQL="SELECT n.nspname || '.' || c.relname || E'\t' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
ORDER BY 1;"

readonly PG_AUDIT_HEAD_SQL="SELECT coalesce((SELECT sequence || E'\t' || hash FROM public.audit_logs ORDER BY sequence DESC LIMIT 1), '0' || E'\t' || '');"

# The same for an SQLite file.
sqlite_counts() {
  local table
  while IFS= read -r table; do
    printf '%s\t%s\n' "$table" "$(sqlite3 -bail "$1" "SELECT count(*) FROM \"${table//\"/\"\"}\";")"
  done < <(sqlite3 -bail "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name;") | LC_ALL=C sort
}

sqlite_audit_head() {
  sqlite3 -bail -separator $'\t' "$1" "SELECT coalesce((SELECT sequence || char(9) || hash FROM audit_logs ORDER BY sequence DESC LIMIT 1), '0' || char(9));"
}

# "sha256<TAB>bytes<TAB>path" for every file under $1, paths relative to it, sorted.
file_checksums() {
  local root=$1 path
  (cd "$root" && find . -type f -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' path; do
    printf '%s\t%s\t%s\n' "$(sha256sum -- "$path" | cut -d' ' -f1)" "$(stat -c %s -- "$path")" "${path#./}"
  done)
}
