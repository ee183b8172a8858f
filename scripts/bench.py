"""`make bench`: served figures for every page type, against a static file as yardstick.

Starts gunicorn (2 sync workers, production settings) on a database of its own, fills
it once with a realistic conference (scripts/bench_content.py: a 30-block talk in a
30-talk conference, and 10,000 short talks for search), then loads each page with wrk
(`apt-get install -y wrk`; a Python load generator when wrk is missing):

- c1: one connection for BENCH_SECONDS (default 10): p50 and p99 latency;
- c32: 32 connections for the same time: requests per second, and its ratio to the
  static file's served by the same gunicorn (whitenoise) in the same run;
- search: 50 different words one after another: p50 and p95.

Uncached pages are measured with the page cache off, the cached talk on a second
gunicorn with it on. The database: BENCH_DATABASE_URL, else DATABASE_URL's PostgreSQL
server with "_bench" after the database name (created when missing), else a SQLite
file in /tmp. Absolute figures depend on the machine; compare ratios.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from load_and_faults import free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEARCH_TALKS = 10_000


def bench_database_url() -> str:
    if url := os.environ.get("BENCH_DATABASE_URL"):
        return url
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_bench"))
    return f"sqlite:///{tempfile.gettempdir()}/conference-notes-bench.sqlite3"


def create_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


# Run by manage.py shell on the bench database: fill it once, print the URLs to load.
FILL = """
import sys
sys.path.insert(0, "scripts")
from bench_content import build_conference, generate_talks
from talks.models import ConferencePage, TalkPage
if not ConferencePage.objects.filter(slug="speedconf-2026").exists():
    build_conference()
if TalkPage.objects.count() < {talks}:
    generate_talks({talks} - TalkPage.objects.count())
conference = ConferencePage.objects.get(slug="speedconf-2026")
print(conference.url)
print(TalkPage.objects.get(url_path__startswith=conference.url_path, slug="talk-15").url)
"""


@contextmanager
def gunicorn(env: dict[str, str], page_cache_seconds: int):
    port = free_port()
    process = subprocess.Popen(
        [
            *(PYTHON, "-m", "gunicorn", "config.wsgi:application", "--workers", "2"),
            *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env={**env, "PAGE_CACHE_SECONDS": str(page_cache_seconds), "LOG_LEVEL": "WARNING"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(base, "/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("gunicorn did not answer /healthz within 60 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(base: str, path: str, headers: dict[str, str] | None = None) -> int:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def wrk(url: str, connections: int, seconds: int) -> tuple[float, float, float]:
    """(p50 ms, p99 ms, requests per second) from wrk."""
    threads = min(connections, 2)
    output = subprocess.run(
        [
            *("wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"),
            *("-H", "Accept-Encoding: gzip", url),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    if " Non-2xx or 3xx responses" in output:
        sys.exit(f"{url} answered errors under load:\n{output}")
    rate = float(re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M).group(1))
    return latency("50"), latency("99"), rate


def python_load(url: str, connections: int, seconds: int) -> tuple[float, float, float]:
    """wrk's figures from keep-alive connections in threads (slower than wrk itself)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    timings: list[float] = []
    stop = time.monotonic() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            timings.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}")

    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    timings.sort()
    return (
        statistics.median(timings),
        timings[int(len(timings) * 0.99) - 1],
        len(timings) / seconds,
    )


def search_latencies(base: str) -> tuple[float, float]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_content import WORDS

    timings = []
    for word in WORDS[:50]:
        started = time.perf_counter()
        status = fetch(base, f"/search/?q={word}")
        timings.append((time.perf_counter() - started) * 1000)
        assert status == 200, word
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 10)))
    args = parser.parse_args()

    database_url = bench_database_url()
    if database_url.startswith(("postgres://", "postgresql://")):
        create_postgres_database(database_url)
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "PAGE_CACHE_DIR": tempfile.mkdtemp(prefix="bench-pages-"),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "SENTRY_DSN": "",
    }
    print(f"database: {database_url.split('@')[-1]}; preparing…", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    conference_url, talk_url = manage(
        env, "shell", "--no-imports", "-c", FILL.format(talks=SEARCH_TALKS)
    ).split()[-2:]
    static_file = "/static/" + next(
        path.relative_to(static_root).as_posix()
        for path in sorted(static_root.glob("css/site.*.css"))
        if not path.name.endswith(".gz")
    )
    load = wrk if shutil.which("wrk") else python_load
    targets = {
        "talk page (30 blocks)": talk_url,
        "conference (30 talks)": conference_url,
        "home": "/",
        "search ?q=django": "/search/?q=django",
    }
    rows: list[tuple[str, float, float, float, float]] = []

    def measure(base: str, name: str, path: str, static_rate: float) -> None:
        p50, p99, _ = load(base + path, 1, args.seconds)
        _, _, rate = load(base + path, 32, args.seconds)
        rows.append((name, p50, p99, rate, rate / static_rate))
        print(f"  {name}: p50 {p50:.2f} ms", flush=True)

    def static_rate(base: str, label: str) -> float:
        p50, p99, rate = load(base + static_file, 1, args.seconds)
        _, _, rate = load(base + static_file, 32, args.seconds)
        rows.append((f"static file via whitenoise ({label})", p50, p99, rate, 1.0))
        return rate

    with gunicorn(env, page_cache_seconds=0) as base:
        yardstick = static_rate(base, "page cache off")
        for name, path in targets.items():
            fetch(base, path)  # warm renditions and per-process caches
            measure(base, name, path, yardstick)
        search_p50, search_p95 = search_latencies(base)
    with gunicorn(env, page_cache_seconds=300) as base:
        yardstick = static_rate(base, "page cache on")
        fetch(base, talk_url, {"Accept-Encoding": "gzip"})  # now cached
        measure(base, "talk page, page-cache hit", talk_url, yardstick)

    print(f"\n{load.__name__}, {args.seconds} s per figure, gunicorn 2 sync workers\n")
    print("| target | c1 p50 | c1 p99 | c32 req/s | vs static c32 |")
    print("|---|---|---|---|---|")
    for name, p50, p99, rate, ratio in rows:
        print(f"| {name} | {p50:.2f} ms | {p99:.2f} ms | {rate:,.0f} | {ratio:.3f} |")
    print(
        f"\nsearch at {SEARCH_TALKS:,} talks, 50 words one at a time: "
        f"p50 {search_p50:.1f} ms, p95 {search_p95:.1f} ms"
    )


if __name__ == "__main__":
    main()
