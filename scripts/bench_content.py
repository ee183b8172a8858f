"""The realistic content the speed scripts measure, built through the ORM.

A 30-block talk (headings, paragraphs with internal links, quotes, code, a table, an
image) in a 30-talk conference, with speakers and tags; optionally thousands of short
talks for search. Used by scripts/profile_page.py, scripts/benchmark_pages.py and
scripts/bench.py.
"""

from __future__ import annotations

import random

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


def sentence(rng: random.Random, words: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def thirty_block_body(image_id: int, link_ids: list[int], rng: random.Random) -> list[dict]:
    from talks.blocks import code, figure, heading, paragraph, quote, table

    def linked_paragraph(n: int) -> dict:
        target = link_ids[n % len(link_ids)] if link_ids else None
        link = f' See <a linktype="page" id="{target}">the related talk</a>.' if target else ""
        return paragraph(f"<p>{sentence(rng)} <b>{rng.choice(WORDS)}</b>{link}</p>")

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
