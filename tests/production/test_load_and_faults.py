"""The load-and-faults script, smoke-sized: real gunicorn, PostgreSQL, Redis and S3.

The script starts every server itself (its own PostgreSQL cluster, never the machine's
shared one); its full run (64 connections, 60 s) is `scripts/load_and_faults.py`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from scripts.load_and_faults import ServerFailed, postgres_bin
from tests.production.conftest import ROOT, require


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    try:
        postgres_bin()
    except ServerFailed as error:
        require("PostgreSQL's server binaries", str(error))
    if not shutil.which("redis-server"):
        require("redis-server", "apt-get install -y redis-server")
    out = tmp_path_factory.mktemp("load") / "figures.json"
    run = subprocess.run(
        [
            *(sys.executable, "scripts/load_and_faults.py", "--json", str(out)),
            *("--connections", "4", "--seconds", "2", "--fault-seconds", "5", "--workers", "2"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.exists(), run.stdout + run.stderr
    figures = json.loads(out.read_text())
    figures["exit"], figures["printed"] = run.returncode, run.stdout
    return figures


def phase(figures: dict, name: str) -> dict:
    return next(p for p in figures["phases"] if p["name"] == name)


def test_the_script_prints_its_figures_and_meets_its_limits(figures):
    assert figures["failures"] == [] and figures["exit"] == 0, figures["printed"]
    for label in ("requests", "errors", "timeouts", "p50", "p99", "recovery seconds"):
        assert label in figures["printed"]


def test_steady_load_has_no_errors_or_timeouts(figures):
    steady = phase(figures, "steady")
    assert steady["requests"] > 0
    assert steady["errors"] == 0 and steady["timeouts"] == 0


def test_postgres_restart_is_survived_without_restarting_gunicorn(figures):
    restart = phase(figures, "postgres restart")
    assert restart["notes"]["recovery_seconds"] <= 5
    assert restart["notes"]["errors_after_recovery_limit"] == 0
    # While it is down, readers are told to come back, never shown a crash.
    assert set(restart["outcomes"]) <= {"ok", "503"}


@pytest.mark.parametrize("name", ["redis stopped", "s3 stopped"])
def test_pages_are_still_served_without_redis_or_s3(figures, name):
    stopped = phase(figures, name)
    assert stopped["requests"] > 0 and stopped["errors"] == 0
