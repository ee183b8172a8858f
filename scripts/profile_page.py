"""Where a page view's time goes: its SQL queries in order, then a profile.

In-process (Django's test client, no network) on a throwaway SQLite database, or on
DATABASE_URL if set, with the content of scripts/bench_content.py:

    .venv/bin/python scripts/profile_page.py talk [--requests 200] [--top 30]

Prints each query (so repeats stand out), then cProfile's functions sorted by
cumulative time over `--requests` views: the method behind the figures in the README's
Speed section.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats

from bench_content import build_conference, in_process_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="home, conference, day, talk, speaker or search")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=30, help="functions to print")
    args = parser.parse_args()

    in_process_django("profile")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    url = build_conference()[args.page]
    client = Client()
    client.get(url)  # warm renditions and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    print(f"{url}: {len(queries)} queries")
    for number, query in enumerate(queries.captured_queries, 1):
        print(f"{number:>3}. {query['sql'][:300]}")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        client.get(url)
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
