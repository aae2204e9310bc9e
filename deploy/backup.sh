#!/usr/bin/env bash
# Back up Alongside: the database (pg_dump's custom format) and the uploaded media (a tarball).
#
#   deploy/backup.sh /var/backups/alongside
#
# Reads DATABASE_URL and MEDIA_ROOT from the environment, or else from ENV_FILE (default:
# .env beside manage.py), as the app does. Writes alongside-<UTC time>.dump and
# alongside-media-<UTC time>.tar.gz into the folder, and prints their names.
set -euo pipefail

destination=${1:?usage: deploy/backup.sh FOLDER}
app_dir=$(cd "$(dirname "$0")/.." && pwd)
env_file=${ENV_FILE-$app_dir/.env}

# A setting from the environment, or its last line in the env file.
setting() {
  local name=$1
  if [[ -n ${!name:-} ]]; then
    printf '%s\n' "${!name}"
  elif [[ -n $env_file && -f $env_file ]]; then
    grep -E "^$name=" "$env_file" | tail -n 1 | cut -d= -f2-
  fi
}

database_url=$(setting DATABASE_URL)
media_root=$(setting MEDIA_ROOT)
media_root=${media_root:-$app_dir/var/media}
[[ $database_url == postgres* ]] || { echo "DATABASE_URL is not a PostgreSQL URL" >&2; exit 1; }

mkdir -p "$destination"
stamp=$(date -u +%Y%m%d-%H%M%S)
dump="$destination/alongside-$stamp.dump"
media="$destination/alongside-media-$stamp.tar.gz"

# Written under a temporary name and renamed when complete: a file with the final name is whole.
pg_dump --format=custom --no-owner --no-privileges --file "$dump.partial" "$database_url"
mv "$dump.partial" "$dump"
mkdir -p "$media_root"
tar -C "$media_root" -czf "$media.partial" .
mv "$media.partial" "$media"
printf '%s\n' "$dump" "$media"
