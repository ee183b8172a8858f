"""Where the notes import's time goes: its SQL queries by kind, then a profile.

Imports the generated file of scripts/benchmark_import.py (published, or as drafts)
into a throwaway database, as that script does (SQLite, or PostgreSQL beside
DATABASE_URL's database):

    .venv/bin/python scripts/profile_import.py [--talks 200] [--top 40] [--drafts]

Prints the queries grouped by their first words, with counts (so per-talk queries
stand out), then cProfile's functions sorted by cumulative time for a second import
of a file of the same size.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
from collections import Counter
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=200)
    parser.add_argument("--top", type=int, default=40, help="functions to print")
    parser.add_argument("--drafts", action="store_true", help="import as drafts")
    args = parser.parse_args()

    sys.path.insert(0, str(SCRIPTS))
    from benchmark_import import throwaway_database

    with throwaway_database() as url:
        profile(url, args)


def profile(database_url: str, args: argparse.Namespace) -> None:
    from benchmark_import import generated_notes, setup_django

    setup_django(database_url)
    from django.db import connection

    from talks.notes.pages import import_document
    from talks.notes.reader import read_notes

    def notes(title: str):
        text = generated_notes(args.talks).replace("Generated Conference", title)
        return read_notes(text.encode(), f"{title}.md")

    kinds: Counter[str] = Counter()

    def count(execute, sql, params, many, context):
        kinds[re.sub(r"\s+", " ", sql)[:100]] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        import_document(notes("Counted"), publish=not args.drafts)
    print(f"{kinds.total()} queries for {args.talks} talks")
    for sql, number in kinds.most_common(40):
        print(f"{number:>6}  {sql}")

    document = notes("Profiled")
    profiler = cProfile.Profile()
    profiler.enable()
    import_document(document, publish=not args.drafts)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
