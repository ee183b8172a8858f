"""Production settings read from the environment.

What only a process shows as it starts (the deploy checks, refusing a weak secret key,
the caches it gets with Redis, errors sent to Sentry, its log lines) is checked in fresh
processes, each seconds of imports. What follows from the settings alone (the caches
without Redis, a secret key long enough, PostgreSQL's statement timeout and prepared
statements, a Redis cache another app server reads) is checked here, on the settings
modules evaluated afresh in a production environment.
"""

from __future__ import annotations

import gzip
import importlib.util
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType

import pytest
import sentry_sdk
from django.core.cache import CacheHandler
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from tests.production.conftest import (
    postgres_server_url,
    production_env,
    run_manage,
)


def fresh(name: str) -> ModuleType:
    """The module run anew, apart from the one this process imported."""
    module = importlib.util.module_from_spec(importlib.util.find_spec(name))
    module.__spec__.loader.exec_module(module)
    return module


@pytest.fixture
def production_settings(monkeypatch) -> Callable[..., dict]:
    """The settings a production process started with `production_env(**overrides)`
    reads, evaluated here: base.py (which reads most of the environment) run afresh,
    then production.py extending it."""

    def evaluate(**overrides: str) -> dict:
        for name, value in production_env(**overrides).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setitem(sys.modules, "config.settings.base", fresh("config.settings.base"))
        return vars(fresh("config.settings.production"))

    return evaluate


@pytest.fixture
def postgresql(production_settings, django_db_blocker) -> Iterator[Callable]:
    """Connections to the PostgreSQL server, each as production settings made from
    `production_env(**overrides)` open it."""
    handlers = []

    def connect(**overrides: str):
        url = f"{postgres_server_url()}/postgres"
        databases = production_settings(DATABASE_URL=url, **overrides)["DATABASES"]
        handlers.append(ConnectionHandler({"default": databases["default"]}))
        return handlers[-1]["default"]

    with django_db_blocker.unblock():
        yield connect
        for handler in handlers:
            handler.close_all()


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


def test_production_refuses_a_secret_key_shorter_than_fifty_characters(production_settings):
    # Refused while the settings load, before Django starts: this process is quick.
    short = run_manage("check", env=production_env(SECRET_KEY="k" * 49))
    assert short.returncode != 0
    assert "at least 50 characters" in short.stderr
    assert production_settings(SECRET_KEY="k" * 50)["SECRET_KEY"] == "k" * 50


def test_postgresql_cancels_statements_that_run_past_the_timeout(postgresql):
    connection = postgresql(DATABASE_STATEMENT_TIMEOUT="1")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "1s"
        with pytest.raises(OperationalError, match="canceling statement due to statement timeout"):
            cursor.execute("SELECT pg_sleep(3)")


@pytest.mark.parametrize(("setting", "prepared"), [(None, 1), ("false", 0)])
def test_postgresql_plans_a_repeated_query_once_unless_told_not_to(postgresql, setting, prepared):
    overrides = {} if setting is None else {"DATABASE_PREPARED_STATEMENTS": setting}
    connection = postgresql(**overrides)
    with connection.cursor() as cursor:
        for n in range(6):
            cursor.execute("SELECT %s::int + 1", [n])
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == prepared


def test_redis_url_makes_the_cache_shared_between_app_servers(redis_server, production_settings):
    key, value = f"shared-{uuid.uuid4().hex}", uuid.uuid4().hex
    writer = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import cache, caches\n"
        "print(type(caches['default']).__name__, type(caches['renditions']).__name__)\n"
        f"cache.set('{key}', '{value}', 60)\n",
        env=production_env(REDIS_URL=redis_server.url),
    )
    assert writer.stdout.split() == ["FailSoftRedisCache", "FailSoftRedisCache"], writer.stderr
    # The other app server: a cache of its own, made from the same settings.
    caches = CacheHandler(production_settings(REDIS_URL=redis_server.url)["CACHES"])
    try:
        assert caches["default"].get(key) == value
    finally:
        caches.close_all()


def test_without_redis_or_sentry_the_cache_is_local_and_nothing_is_reported(production_settings):
    settings = production_settings()
    caches = CacheHandler(settings["CACHES"])
    assert type(caches["default"]).__name__ == "LocMemCache"
    # The page cache is on all the same: files shared by the machine's worker processes.
    assert settings["PAGE_CACHE_SECONDS"] == 300
    assert type(caches["pages"]).__name__ == "FileBasedCache"
    assert not sentry_sdk.get_client().is_active()


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
