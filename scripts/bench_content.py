"""The realistic content the speed scripts measure, built through the ORM.

A 30-block talk (headings, paragraphs with internal links, quotes, code, a table, an
image) in a 30-talk conference, with speakers and tags; optionally thousands of short
talks for search. Used by scripts/profile_page.py, scripts/benchmark_pages.py and
scripts/bench.py.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = [
    "django",
    "wagtail",
    "python",
    "postgres",
    "cache",
    "query",
    "index",
    "search",
    "template",
    "render",
    "async",
    "deploy",
    "test",
    "fixture",
    "migration",
    "model",
    "view",
    "middleware",
    "session",
    "cookie",
    "header",
    "gzip",
    "latency",
    "throughput",
    "profile",
    "database",
    "replica",
    "shard",
    "queue",
    "worker",
    "celery",
    "redis",
    "accessibility",
    "keyboard",
    "contrast",
    "screen",
    "reader",
    "typing",
    "mypy",
    "packaging",
    "release",
    "security",
    "token",
    "password",
    "upload",
    "storage",
    "image",
    "rendition",
    "streamfield",
    "block",
    "richtext",
]


# Everyday words of the notes: 4,096 made-up ones, so that (as in real notes) a topic
# word is in a few percent of the talks rather than in all of them.
SYLLABLES = ["ka", "lo", "mi", "ner", "sta", "vo", "pri", "den", "tu", "bel", "ras", "gon"]
SYLLABLES += ["fi", "lu", "ort", "sen"]
FILLER = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
TOPIC_SHARE = 0.04


def in_process_django(name: str) -> None:
    """Set Django up in this process on a migrated throwaway SQLite database, or DATABASE_URL."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/{name}.sqlite3"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def sentence(rng: random.Random, words: int = 14) -> str:
    chosen = (
        rng.choice(WORDS) if rng.random() < TOPIC_SHARE else rng.choice(FILLER)
        for _ in range(words)
    )
    return " ".join(chosen).capitalize() + "."


def thirty_block_body(image_id: int, link_ids: list[int], rng: random.Random) -> list[dict]:
    from talks.block_values import code, figure, heading, paragraph, quote, table

    def linked_paragraph(n: int) -> dict:
        target = link_ids[n % len(link_ids)] if link_ids else None
        link = f' See <a linktype="page" id="{target}">the related talk</a>.' if target else ""
        return paragraph(f"<p>{sentence(rng)} <b>{rng.choice(WORDS)}</b> {sentence(rng)}{link}</p>")

    makers = (
        linked_paragraph,
        lambda n: quote(f"<p>{sentence(rng)}</p>", "Someone Quoted", "https://x.example/"),
        lambda n: code(f"def step_{n}(x):\n    return x * {n}\n", "python", f"step_{n}.py"),
        linked_paragraph,
        lambda n: heading(f"Part {n}", "h2"),
    )
    body = [heading("Introduction"), figure(image_id, "A speaker at a lectern", "On stage")]
    body += [makers[n % len(makers)](n) for n in range(27)]
    body.append(table("Figures", [["what", "how much"], ["p50", "10 ms"], ["p99", "40 ms"]]))
    return body


def build_conference(talks: int = 30, seed: int = 12) -> dict[str, str]:
    """A conference of `talks` talks over three days; returns the URLs worth measuring."""
    from home.demo import make_stage_image
    from home.site_root import ensure_site_root
    from talks.models import ConferencePage, DayPage, Speaker, TalkPage, TalkSpeaker

    rng = random.Random(seed)
    home = ensure_site_root()
    conference = home.add_child(
        instance=ConferencePage(title="Speedconf 2026", slug="speedconf-2026", location="Porto")
    )
    days = [
        conference.add_child(instance=DayPage(title=f"Day {n}", slug=f"day-{n}")) for n in (1, 2, 3)
    ]
    speakers = [
        Speaker.objects.create(name=f"Speaker {n}", slug=f"bench-speaker-{n}", live=True)
        for n in range(6)
    ]
    created: list[TalkPage] = []
    for number in range(talks):
        talk = TalkPage(
            title=f"Talk {number}: {sentence(rng, 4)[:-1]}",
            slug=f"talk-{number}",
            summary=sentence(rng, 20),
        )
        days[number % 3].add_child(instance=talk)
        talk.tags.add(*rng.sample(WORDS, 3))
        talk.save()
        for order, speaker in enumerate(rng.sample(speakers, 2)):
            TalkSpeaker.objects.create(talk=talk, speaker=speaker, sort_order=order)
        created.append(talk)
    image = make_stage_image()
    long_talk = created[talks // 2]
    long_talk.body = thirty_block_body(image.pk, [talk.pk for talk in created[:10]], rng)
    long_talk.save_revision().publish()
    return {
        "home": "/",
        "conference": conference.url,
        "day": days[0].url,
        "talk": long_talk.url,
        "speaker": speakers[0].get_absolute_url(),
        "search": "/search/?q=django",
    }


def generate_talks(count: int, seed: int = 10_000, batch: int = 1000) -> int:
    """Add `count` short published talks (for search) under one new conference and day.

    Pages are written in bulk (tree paths computed here, no per-page saves or
    revisions) and indexed for search in bulk: 10,000 talks take about a minute rather
    than the hours page-by-page creation would.
    """
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from modelsearch.backends import get_search_backends
    from wagtail.models import Locale, Page

    from home.site_root import ensure_site_root
    from talks.block_values import heading, paragraph
    from talks.models import ConferencePage, DayPage, TalkPage

    rng = random.Random(seed)
    home = ensure_site_root()
    name = uuid.uuid4().hex[:6]
    conference = home.add_child(
        instance=ConferencePage(title=f"Archive {name}", slug=f"archive-{name}")
    )
    day = conference.add_child(instance=DayPage(title="All talks", slug="all-talks"))
    talk_type = ContentType.objects.get_for_model(TalkPage)
    locale = Locale.get_default()
    now = timezone.now()
    talk_fields = [field for field in TalkPage._meta.local_concrete_fields]
    with transaction.atomic():
        for start in range(0, count, batch):
            numbers = range(start, min(count, start + batch))
            pages = [
                Page(
                    title=(title := f"{sentence(rng, 5)[:-1]} ({number})"),
                    draft_title=title,
                    slug=f"talk-{number}",
                    path=Page._get_path(day.path, day.depth + 1, number + 1),
                    depth=day.depth + 1,
                    numchild=0,
                    url_path=f"{day.url_path}talk-{number}/",
                    content_type=talk_type,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
                for number in numbers
            ]
            Page.objects.bulk_create(pages)
            talks = [
                TalkPage(
                    page_ptr=page,
                    summary=sentence(rng, 20),
                    body=[
                        paragraph(f"<p>{sentence(rng, 40)}</p>"),
                        heading(sentence(rng, 3)[:-1]),
                        paragraph(f"<p>{sentence(rng, 60)}</p>"),
                    ],
                )
                for page in pages
            ]
            # Page rows exist; only the talk table's own columns are inserted here.
            TalkPage.objects._insert(talks, fields=talk_fields)
            # Prefetched: indexing reads every talk's tags and speakers.
            saved = list(
                TalkPage.objects.filter(pk__in=[page.pk for page in pages]).prefetch_related(
                    "tags", "talk_speakers__speaker"
                )
            )
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(TalkPage, saved)
        Page.objects.filter(pk=day.pk).update(numchild=count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # plans for 10,000 rows, not for the empty tables
    return count
