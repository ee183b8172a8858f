"""The listing queries use indexes (EXPLAIN on SQLite, and on PostgreSQL under .ci/run)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from talks.query_plans import page_queries


@pytest.fixture
def plans(db) -> dict[str, str]:
    call_command("load_demo", stdout=StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Demo-sized tables make any plan a sequential scan; ask which index it would use.
            cursor.execute("ANALYZE")
            cursor.execute("SET LOCAL enable_seqscan = off")
        return {name: queryset.explain() for name, queryset in page_queries().items()}


def test_speakers_of_listed_talks_come_from_the_ordered_index(plans):
    plan = plans["listings: speakers of the listed talks"]
    assert "speakers_of_talk_in_order" in plan, plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


def test_speaker_page_does_not_deduplicate_whole_rows(plans):
    plan = plans["speaker page: their talks"]
    assert "Unique" not in plan and "DISTINCT" not in plan.upper(), plan
    assert "talks_talkspeaker_speaker_id" in plan, plan
