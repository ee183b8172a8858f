"""The queries the reading pages run, by name, so their plans can be printed and checked."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from core.sql_rows import RowsAsModels
from talks.models import ConferencePage, DayPage, Speaker, TalkPage, TalkSpeaker


def page_queries() -> dict[str, QuerySet | RowsAsModels]:
    """One example of each listing query, built from whatever content exists."""
    conference = ConferencePage.objects.visible().first()
    day = DayPage.objects.visible().first()
    talk = TalkPage.objects.visible().first()
    speaker = Speaker.objects.published().first()
    if not (conference and day and talk and speaker):
        raise LookupError("No content to plan against: run `manage.py load_demo` first.")
    conference_path = talk.path[: -2 * TalkPage.steplen]
    return {
        "home: conferences newest first": ConferencePage.objects.visible().newest_first(),
        "conference: days in schedule order": DayPage.objects.visible()
        .for_conference(conference)
        .in_schedule_order(),
        "conference/day: talks in reading order": TalkPage.objects.visible()
        .for_conference(conference)
        .as_summaries()
        .in_reading_order(),
        "listings: speakers of the listed talks": TalkSpeaker.objects.bylines_of([talk.pk]),
        "talk: previous and next talks": TalkPage.objects.neighbours_of(talk),
        "talk: related talks": TalkPage.objects.related_to(
            talk.pk,
            list(talk.tags.values_list("pk", flat=True)),
            [speaker.pk for speaker in talk.speakers],
            conference_path,
            limit=5,
        ),
        "speaker page: their talks": TalkPage.objects.visible()
        .by_speaker(speaker)
        .in_reading_order(),
    }


def explain(query: QuerySet | RowsAsModels) -> str:
    """The database's plan for `query`, ORM-built or written in SQL."""
    if isinstance(query, QuerySet):
        return query.explain()
    prefix = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix} {query.raw_query}", query.params)
        return "\n".join(" ".join(str(value) for value in row) for row in cursor.fetchall())
