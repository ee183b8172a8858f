"""Print how fast each page type renders and how many SQL queries it runs.

Runs in-process (Django's test client, no network) against a throwaway SQLite database
(or DATABASE_URL if set) with the demo content plus a 30-block talk:

    .venv/bin/python scripts/benchmark_pages.py [--requests 200]

Figures are for comparing changes on one machine; see ../shared/PERFORMANCE.md for
the targets (a 30-block talk ≤ 10 ms p50 uncached).
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench_content import in_process_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    args = parser.parse_args()

    in_process_django("benchmark")
    from django.conf import settings
    from django.test import Client

    from home.demo import load_demo_content
    from talks.block_values import code, heading, paragraph, quote, table
    from talks.models import DayPage, TalkPage

    load_demo_content()
    day = DayPage.objects.first()
    makers = (
        lambda n: paragraph(f"<p>Point {n}: <b>bold</b> and <code>code</code></p>"),
        lambda n: quote(f"<p>Quote {n}</p>", "Someone", "https://x.example/"),
        lambda n: code(f"def f{n}(x):\n    return x * {n}\n", "python"),
        lambda n: table(f"Table {n}", [["a", "b"], ["1", "2"]]),
    )
    blocks = [heading("Part 1")] + [makers[n % 4](n) for n in range(29)]
    long_talk = TalkPage(title="Thirty blocks", slug="thirty-blocks", body=blocks)
    day.add_child(instance=long_talk)

    client = Client()
    pages = {
        "home": "/",
        "conference": "/harbour-python-2026/",
        "day": "/harbour-python-2026/day-1/",
        "talk (demo)": "/harbour-python-2026/day-1/keeping-query-counts-flat/",
        "talk (30 blocks)": long_talk.url,
        "search": "/search/?q=queries",
    }
    print(
        f"{'page':<18} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}  ({args.requests} requests each)"
    )
    for name, url in pages.items():
        measure(client, name, url, args.requests)
    # Anonymous readers are served whole pages from the cache when it is on.
    settings.PAGE_CACHE_SECONDS = 300
    measure(client, "talk (30, cached)", long_talk.url, args.requests)


def measure(client, name: str, url: str, requests: int) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm renditions and caches
    reset_queries()  # the test client resets the log per request; start from zero
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    assert status == 200, url
    query_count = len(queries)  # read now: the log is sliced lazily
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{name:<18} {query_count:>7} {statistics.median(timings):>8.2f} {p95:>8.2f}")


if __name__ == "__main__":
    main()
