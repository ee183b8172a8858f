#!/bin/sh
# Start-up for the web container: bring the database schema up to date, then hand the
# process over to the command (gunicorn). The static files are not collected here: the
# image collected them at build time, and collecting again on every start would re-hash
# every file and need a writable /app (a read-only root filesystem would refuse it).
set -eu

if [ "${MIGRATE_ON_START:-true}" = "true" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
