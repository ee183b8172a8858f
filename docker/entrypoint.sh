#!/bin/sh
# Start-up for the web container: bring the database schema and static files up to
# date, then hand the process over to the command (gunicorn).
set -eu

if [ "${MIGRATE_ON_START:-true}" = "true" ]; then
    python manage.py migrate --noinput
fi
python manage.py collectstatic --noinput --verbosity 0

exec "$@"
