"""Add thousands of published talks to a database, for measuring search at scale.

    DATABASE_URL=postgres://... .venv/bin/python scripts/generate_talks.py 10000

They go under a new "Archive" conference, indexed for search; see
scripts/bench_content.py. `make bench` runs this on its own database.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    args = parser.parse_args()

    import django

    django.setup()
    from bench_content import generate_talks

    started = time.perf_counter()
    generate_talks(args.count)
    print(f"{args.count} talks in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
