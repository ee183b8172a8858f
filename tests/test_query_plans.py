"""The listing queries use indexes (EXPLAIN on SQLite, and on PostgreSQL under .ci/run)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from talks.query_plans import explain, page_queries


@pytest.fixture
def plans(db) -> dict[str, str]:
    call_command("load_demo", stdout=StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Demo-sized tables make any plan a sequential scan; ask which index it would
            # use, read in index order (a bitmap scan loses the order, and the planner
            # picks one or the other by a hair on tables of a few rows, by their dead rows).
            cursor.execute("ANALYZE")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        return {name: explain(query) for name, query in page_queries().items()}


def test_speakers_of_listed_talks_come_from_the_ordered_index(plans):
    plan = plans["listings: speakers of the listed talks"]
    assert "speakers_of_talk_in_order" in plan, plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


def test_speaker_page_does_not_deduplicate_whole_rows(plans):
    plan = plans["speaker page: their talks"]
    assert "Unique" not in plan and "DISTINCT" not in plan.upper(), plan
    assert "talks_talkspeaker_speaker_id" in plan, plan


def test_related_talks_read_only_the_talks_sharing_a_tag_or_speaker(plans):
    # Not every talk joined to its tags and speakers and grouped: at 10,000 talks on
    # PostgreSQL that took 15 ms a talk page view.
    plan = plans["talk: related talks"]
    assert "SCAN wagtailcore_page" not in plan and "Seq Scan on wagtailcore_page" not in plan
    assert "COMPOUND QUERY" in plan or "Append" in plan, plan
