#!/usr/bin/env bash
# Restore an Alongside backup (deploy/backup.sh) into a new, empty database and a media folder.
#
#   DATABASE_URL=postgres://alongside:…@127.0.0.1:5432/alongside_restored \
#   MEDIA_ROOT=/srv/alongside/var/media-restored \
#     deploy/restore.sh alongside-20261126-210000.dump alongside-media-20261126-210000.tar.gz
#
# The database must exist and be empty (createdb, docs/deploy.md): a restore never writes over
# a live site. It runs in one transaction, so a failed restore leaves the database empty.
set -euo pipefail

dump=${1:?usage: deploy/restore.sh DUMP MEDIA_TARBALL}
media=${2:?usage: deploy/restore.sh DUMP MEDIA_TARBALL}
database_url=${DATABASE_URL:?set DATABASE_URL to the new, empty database}
media_root=${MEDIA_ROOT:?set MEDIA_ROOT to the folder for the restored media}

tables=$(psql "$database_url" -qAt -c \
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [[ $tables != 0 ]]; then
  echo "The database of DATABASE_URL has $tables tables: restore into a new, empty one." >&2
  exit 1
fi
if [[ -d $media_root && -n $(ls -A "$media_root") ]]; then
  echo "$media_root is not empty: restore the media into a new folder." >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname "$database_url" "$dump"
mkdir -p "$media_root"
tar -C "$media_root" -xzf "$media"
echo "Restored $dump and $media."
