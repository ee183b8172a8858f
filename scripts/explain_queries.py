"""Print the query plans of the pages' listing queries.

    DATABASE_URL=postgres://... .venv/bin/python scripts/explain_queries.py [--prefer-indexes]

--prefer-indexes turns off sequential scans for the session (PostgreSQL), showing which
index each query would use once tables are large enough for the planner to want one.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.db import connection  # noqa: E402

from talks.query_plans import explain, page_queries  # noqa: E402


def main() -> None:
    if "--prefer-indexes" in sys.argv and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
    for name, query in page_queries().items():
        print(f"== {name}\n{explain(query)}\n")


if __name__ == "__main__":
    main()
