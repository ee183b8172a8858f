"""Production settings read from the environment, checked in fresh processes."""

from __future__ import annotations

import gzip
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis

from tests.production.conftest import (
    postgres_server_url,
    production_env,
    require,
    run_manage,
)

REDIS_URL = "redis://127.0.0.1:6379/9"


def test_check_deploy_reports_no_issues():
    result = run_manage("check", "--deploy", env=production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", (
        result.stdout + result.stderr
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = run_manage("check", env=production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_secret_key_shorter_than_fifty_characters():
    short = run_manage("check", env=production_env(SECRET_KEY="k" * 49))
    assert short.returncode != 0
    assert "at least 50 characters" in short.stderr
    assert run_manage("check", env=production_env(SECRET_KEY="k" * 50)).returncode == 0


def test_postgresql_cancels_statements_that_run_past_the_timeout():
    env = production_env(
        DATABASE_URL=f"{postgres_server_url()}/postgres", DATABASE_STATEMENT_TIMEOUT="1"
    )
    script = (
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute('SHOW statement_timeout'); print('timeout', cursor.fetchone()[0])\n"
        "cursor.execute('SELECT pg_sleep(3)')\n"
    )
    result = run_manage("shell", "--no-imports", "-c", script, env=env)
    assert "timeout 1s" in result.stdout, result.stdout + result.stderr
    assert result.returncode != 0
    assert "canceling statement due to statement timeout" in result.stderr


PREPARED_AFTER_REPEATS = (
    "from django.db import connection\n"
    "cursor = connection.cursor()\n"
    "for n in range(6): cursor.execute('SELECT %s::int + 1', [n])\n"
    "cursor.execute('SELECT count(*) FROM pg_prepared_statements')\n"
    "print('prepared', cursor.fetchone()[0])\n"
)


@pytest.mark.parametrize(("setting", "prepared"), [(None, "prepared 1"), ("false", "prepared 0")])
def test_postgresql_plans_a_repeated_query_once_unless_told_not_to(setting, prepared):
    env = production_env(DATABASE_URL=f"{postgres_server_url()}/postgres")
    if setting is not None:
        env["DATABASE_PREPARED_STATEMENTS"] = setting
    result = run_manage("shell", "--no-imports", "-c", PREPARED_AFTER_REPEATS, env=env)
    assert prepared in result.stdout.splitlines(), result.stdout + result.stderr


@pytest.fixture
def redis_server() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError as error:
        require(
            f"Redis at {REDIS_URL} ({error})",
            "install and start it with `apt-get install -y redis-server && redis-server --daemonize yes`",
        )
    return REDIS_URL


def test_redis_url_makes_the_cache_shared_between_app_servers(redis_server):
    key, value = f"shared-{uuid.uuid4().hex}", uuid.uuid4().hex
    env = production_env(REDIS_URL=redis_server)
    writer = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache, caches\n"
        "print(type(caches['default']).__name__, type(caches['renditions']).__name__)\n"
        f"cache.set('{key}', '{value}', 60)\n",
        env=env,
    )
    assert writer.stdout.split() == ["FailSoftRedisCache", "FailSoftRedisCache"], writer.stderr
    reader = run_manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.core.cache import cache; print(cache.get('{key}'))",
        env=env,
    )
    assert reader.stdout.strip() == value, reader.stderr


def test_without_redis_or_sentry_the_cache_is_local_and_nothing_is_reported():
    # The page cache is on all the same: files shared by the machine's worker processes.
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "import sentry_sdk; from django.conf import settings; from django.core.cache import caches\n"
        "print(type(caches['default']).__name__, sentry_sdk.get_client().is_active())\n"
        "print(settings.PAGE_CACHE_SECONDS, type(caches['pages']).__name__)",
        env=production_env(),
    )
    assert result.stdout.split() == ["LocMemCache", "False", "300", "FileBasedCache"], result.stderr


class SentryIntake(BaseHTTPRequestHandler):
    """Stands in for sentry.io: records what the SDK posts."""

    received: list[tuple[str, bytes]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        SentryIntake.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_errors_are_sent_to_sentry_when_a_dsn_is_set():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryIntake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SentryIntake.received.clear()
    dsn = f"http://publickey@127.0.0.1:{server.server_port}/42"
    script = (
        "import sentry_sdk\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n    sentry_sdk.capture_exception()\n"
        "sentry_sdk.flush(timeout=5)\n"
    )
    try:
        result = run_manage(
            "shell", "--no-imports", "-c", script, env=production_env(SENTRY_DSN=dsn)
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert [path for path, _ in SentryIntake.received] == ["/api/42/envelope/"]
    assert b"ZeroDivisionError" in gzip.decompress(SentryIntake.received[0][1])


def test_logs_go_to_stdout_one_line_per_event():
    script = (
        "import logging\n"
        "try:\n    raise ValueError('first line\\nsecond line')\n"
        "except ValueError:\n    logging.getLogger('notes.test').exception('it broke')\n"
    )
    result = run_manage("shell", "--no-imports", "-c", script, env=production_env())
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert "ERROR notes.test it broke" in lines[0]
    assert "Traceback" in lines[0] and "second line" in lines[0]
    assert result.stderr == ""
