"""Real servers for the production-stack tests: moto's S3 over HTTP, PostgreSQL, Redis."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from botocore.config import Config
from django.test import override_settings

from scripts.load_and_faults import (
    S3_KEY_ID,
    S3_REGION,
    S3_SECRET,
    RedisServer,
    S3Server,
    free_port,
)
from tests.prerequisites import missing

FAST_FAILING_CLIENT = Config(
    signature_version="s3v4", connect_timeout=2, read_timeout=5, retries={"max_attempts": 1}
)


def require(prerequisite: str, how_to_get_it: str) -> None:
    """Skip outside CI, fail under CI=true, when a test server is missing."""
    missing(f"{prerequisite} is not available: {how_to_get_it}")


def require_redis_server() -> None:
    """Tests start redis-servers of their own (never the machine's shared one)."""
    if not shutil.which("redis-server"):
        require("redis-server", "install it with `apt-get install -y redis-server`")


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A redis-server of the test's own."""
    require_redis_server()
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's standalone S3 server on a free loopback port, for the whole session."""
    server = S3Server()
    server.start()
    yield server
    server.stop()


def s3_media_settings(endpoint: str, bucket: str) -> dict:
    """The settings base.py derives from the AWS_* variables, aimed at a test server.

    Storage options stay in settings, not STORAGES' OPTIONS: Wagtail hands the storage's
    constructor arguments to a background task to delete files, so they must be plain JSON.
    """
    return {
        "STORAGES": {
            "default": {"BACKEND": "core.s3_storage.MediaS3Storage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": S3_REGION,
        "AWS_ACCESS_KEY_ID": S3_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": S3_SECRET,
        "AWS_QUERYSTRING_AUTH": False,
        "AWS_S3_FILE_OVERWRITE": False,
        "AWS_DEFAULT_ACL": None,
        "AWS_S3_CLIENT_CONFIG": FAST_FAILING_CLIENT,
    }


@pytest.fixture
def s3_bucket(s3_server: S3Server, request) -> Iterator[str]:
    """A fresh bucket per test, with Django's media storage pointed at it."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower())[:50].strip("-")
    bucket = s3_server.create_bucket(f"media-{name}")
    with override_settings(**s3_media_settings(s3_server.url, bucket)):
        yield bucket


@pytest.fixture
def unreachable_s3() -> Iterator[None]:
    """Media storage pointed at a loopback port nothing listens on."""
    with override_settings(**s3_media_settings(f"http://127.0.0.1:{free_port()}", "media")):
        yield


ROOT = Path(__file__).resolve().parent.parent.parent
POSTGRES_HOW_TO = (
    "start PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), e.g. "
    "`apt-get install -y postgresql`, or set POSTGRES_URL=postgres://user@host:port"
)


def postgres_server_url() -> str:
    """The PostgreSQL server (no database name) the tests may create databases on."""
    url = os.environ.get("POSTGRES_URL") or "postgres://postgres@127.0.0.1:5432"
    try:
        psycopg.connect(f"{url}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError as error:
        require(f"PostgreSQL at {url} ({error})", POSTGRES_HOW_TO)
    return url


def process_env(env: dict[str, str]) -> dict[str, str]:
    """This environment plus `env`, minus what the in-process browser tests switch on."""
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**inherited, **env}


def run_manage(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    """manage.py in a fresh process, as a deployment would run it."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=process_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def production_env(**overrides: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "DATABASE_URL": "sqlite://:memory:",
        "AWS_STORAGE_BUCKET_NAME": "",
        "REDIS_URL": "",
        "SENTRY_DSN": "",
        **overrides,
    }
