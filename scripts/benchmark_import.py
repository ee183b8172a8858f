"""Time the notes import: both seed files, then a generated 1,000-talk file.

    .venv/bin/python scripts/benchmark_import.py [SEED_DIR]

Runs on a throwaway database with the test settings, so it never touches your data: a
SQLite file in a temporary folder, or, when DATABASE_URL names a PostgreSQL database,
a new database beside it on the same server (its name + "_import_bench"), dropped
again at the end. Goals: both seed files together under 2 s; the 1,000-talk file under
20 s. Wall-clock time depends on what else the machine runs; CPU time much less.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
FOLDER = Path(tempfile.mkdtemp(prefix="notes-benchmark-"))

SEED_NAMES = ("000_f92644eb82a98da5.txt", "004_8121a30fd9c6d6aa.txt")
TALK_BODY = """- A point about {n}, with a [link](https://example.com/{n}) and `code`
  - A nested point
    1. First
    2. Second
  ```python
  def talk_{n}():
      return {n}
  ```
- After the code

> "Something quotable about {n}" -- [@speaker{n}](https://example.social/@speaker{n})

| Tool | Speed |
| --- | --- |
| a{n} | fast |
"""


def generated_notes(talks: int, days: int = 10) -> str:
    parts = ["---\ntitle: 'Generated Conference'\ndate: '2024-05-01'\ntags: [bench]\n---\n"]
    per_day = talks // days
    for day in range(1, days + 1):
        parts.append(f"## Day {day}\n")
        for index in range(per_day):
            number = (day - 1) * per_day + index + 1
            parts.append(f"### Talk number {number}\n\n{TALK_BODY.format(n=number)}")
    return "\n".join(parts)


def seed_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    candidates = [ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds"]
    return next((path for path in candidates if path.is_dir()), candidates[0])


def timed_import(paths: list[Path]) -> tuple[float, float]:
    """Wall-clock and CPU seconds; on a busy machine the CPU figure is the steadier one."""
    from django.core.management import call_command

    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        call_command("import_notes", str(path), "--publish", stdout=StringIO(), stderr=StringIO())
    return time.perf_counter() - start, time.process_time() - cpu


@contextmanager
def throwaway_database() -> Iterator[str]:
    """The URL of an empty database for this run, gone afterwards (see the docstring)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{FOLDER / 'benchmark.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_import_bench"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup_django(database_url: str) -> None:
    """Django on this database, migrated, quiet."""
    os.environ["DATABASE_URL"] = database_url
    import django
    from django.core.management import call_command

    django.setup()
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)


def main() -> None:
    with throwaway_database() as url:
        setup_django(url)
        benchmark()


def benchmark() -> None:
    from talks.models import TalkPage

    seeds = [seed_dir() / name for name in SEED_NAMES]
    missing = [str(path) for path in seeds if not path.is_file()]
    if missing:
        sys.exit(f"Seed files not found: {', '.join(missing)} (pass the seed folder).")
    seconds, cpu = timed_import(seeds)
    talks = TalkPage.objects.count()
    print(f"both seed files: {seconds:.2f} s, CPU {cpu:.2f} s (goal < 2 s), {talks} talks")

    generated = FOLDER / "generated-1000.md"
    generated.write_text(generated_notes(1000), encoding="utf-8")
    before = TalkPage.objects.count()
    seconds, cpu = timed_import([generated])
    talks = TalkPage.objects.count() - before
    print(f"generated file: {seconds:.2f} s, CPU {cpu:.2f} s for {talks} talks (goal < 20 s)")


if __name__ == "__main__":
    main()
