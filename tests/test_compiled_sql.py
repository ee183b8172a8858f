"""Queries whose SQL is built once (core/compiled_sql.py) still read what they are asked.

Each test runs a query of one name several times with different values, past the point
where its SQL is reused, and compares the rows with the same query built afresh.
"""

import pytest
from django.db.models import Value

from core import compiled_sql
from core.compiled_sql import compiled_once
from talks.models import ConferencePage, DayPage, TalkPage
from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory

ROUNDS = 3  # the first compile is a candidate, the second agrees, the third reuses


@pytest.fixture
def tree(home):
    """Two conferences of two days of two talks."""
    pages = []
    for c in range(2):
        conference = ConferencePageFactory(parent=home, slug=f"conf-{c}")
        for d in range(2):
            day = DayPageFactory(parent=conference, slug=f"day-{d}")
            talks = [TalkPageFactory(parent=day, slug=f"talk-{t}") for t in range(2)]
            pages += [conference, day, *talks]
    return pages


def test_listings_read_the_rows_a_fresh_query_reads(tree):
    conferences = ConferencePage.objects.order_by("path")
    for _ in range(ROUNDS):
        for conference in conferences:
            fresh = TalkPage.objects.visible().for_conference(conference).in_reading_order()
            reused = fresh.compiled_once("talks of a conference (test)")
            assert list(reused) == list(fresh) and len(fresh) == 4
            days = DayPage.objects.visible().for_conference(conference).in_schedule_order()
            assert list(days.compiled_once("days (test)")) == list(days)
    assert compiled_sql._compiled, "the listing's SQL was never reused"


def test_one_name_with_other_limits_orders_and_fields_reads_what_each_asks(tree):
    talks = TalkPage.objects.visible()
    asked = [
        talks.order_by("path")[:1],
        talks.order_by("-path")[:1],
        talks.order_by("path")[1:3],
        talks.order_by("path").defer_streamfields(),
        talks.order_by("path").filter(slug="talk-1"),
    ]
    for _ in range(ROUNDS):
        for query in asked:
            assert list(compiled_once(query, "talks (test)")) == list(query)


def test_a_value_outside_the_where_clause_that_changes_is_never_reused(tree):
    talks = TalkPage.objects.order_by("path")
    for number in range(1, 2 * ROUNDS):
        marked = compiled_once(talks.annotate(number=Value(number)), "numbered talks (test)")
        assert {talk.number for talk in marked} == {number}


def test_counting_and_checking_a_compiled_listing_still_work(tree):
    talks = TalkPage.objects.visible().compiled_once("talks (test)")
    for _ in range(ROUNDS):
        assert talks.count() == 8 and talks.exists()
        assert talks.filter(slug="talk-0").count() == 4


def test_explaining_a_compiled_listing_gives_its_plan_not_its_rows(tree):
    def talks():
        return TalkPage.objects.visible().order_by("path").compiled_once("talks (test)")

    for _ in range(ROUNDS):  # its SQL is reused from here on
        assert [talk.slug for talk in talks()][:2] == ["talk-0", "talk-1"]
    plan = talks().explain()
    assert "talk-0" not in plan and ("SCAN" in plan or "Scan" in plan), plan


def test_reused_sql_converts_its_values_as_a_fresh_query_does(tree):
    """Dates, datetimes and UUIDs come back as SQLite stores them (text) unless converted:
    the converters are kept with the reused SQL, and must still apply."""
    for _ in range(ROUNDS):
        for day in DayPage.objects.order_by("path"):
            fresh = DayPage.objects.filter(pk=day.pk).values_list(
                "date", "latest_revision_created_at", "translation_key"
            )
            assert list(compiled_once(fresh, "a day's typed values (test)")) == list(fresh)
            [(date, _, key)] = compiled_once(fresh, "a day's typed values (test)")
            assert (type(date), type(key)) == (type(day.date), type(day.translation_key))
