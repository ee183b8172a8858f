"""Demo content written for this project: one conference, two days, every block type.

The media goes through the default storage, so the demo works on local disk and on S3.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from home.models import HomePage
from home.site_root import ensure_site_root
from talks.block_values import code, embed, figure, heading, list_block, paragraph, quote, table
from talks.indexing import indexing_deferred
from talks.models import ConferencePage, DayPage, Speaker, TalkPage, TalkSpeaker

DEMO_CONFERENCE_SLUG = "harbour-python-2026"

SPEAKERS = {
    "mira": {
        "name": "Mira Okafor",
        "handle": "@mira@fosstodon.example",
        "profile_url": "https://mira.example/",
    },
    "tomas": {"name": "Tomás Lindqvist", "handle": "@tlindqvist", "profile_url": ""},
    "anya": {"name": "Anya Raman", "handle": "", "profile_url": "https://anya.example/about/"},
    "dev": {"name": "Dev Patel-Moreau", "handle": "@devpm", "profile_url": ""},
}


def make_stage_image():
    """A drawn picture of a stage with a slide, so the demo needs no image files."""
    picture = PILImage.new("RGB", (1600, 900), "#1d3557")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((300, 120, 1300, 640), fill="#f1faee")
    draw.rectangle((360, 200, 1240, 260), fill="#e63946")
    for row in range(4):
        draw.rectangle((360, 320 + row * 70, 1000 - row * 120, 350 + row * 70), fill="#457b9d")
    draw.rectangle((0, 720, 1600, 900), fill="#6d4c41")
    draw.ellipse((1340, 520, 1420, 600), fill="#ffb703")
    draw.rectangle((1350, 600, 1410, 760), fill="#ffb703")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = get_image_model()(
        title="Harbour Python stage",
        description="A speaker beside a large slide with a red title bar and four bullet lines",
    )
    image.file = ImageFile(buffer, name="harbour-python-stage.png")
    image.save()
    return image


def talk_bodies(image_id: int) -> dict[str, list[dict]]:
    return {
        "keynote": [
            paragraph(
                "<p>Mira opened with a question: what would it take for a small team to ship "
                "<b>every day</b> without fear?</p>"
                "<ul><li>Small changes, reviewed the same day</li>"
                "<li>Tests that read like user stories<ul><li>One behaviour per test</li>"
                "<li>No mocks of our own code</li></ul></li>"
                "<li>Feature flags instead of long-lived branches</li></ul>"
            ),
            quote(
                "<p>If deploying is scary, deploy more often until it isn't.</p>",
                "Mira Okafor",
                "https://mira.example/",
            ),
            heading("What changed on her team"),
            paragraph(
                "<ol><li>Deploys went from weekly to several a day</li>"
                "<li>Incidents got <i>smaller</i>, not rarer</li></ol>"
            ),
            figure(
                image_id,
                "Mira beside her slide titled ‘Ship small’, with four short bullet points",
                "Mira's closing slide.",
                "Photo: Harbour Python volunteers",
            ),
            embed("https://www.youtube.com/watch?v=harbour-keynote-demo"),
        ],
        "orm": [
            paragraph(
                "<p>Tomás walked through the queries a typical listing page runs, "
                "and how to make their number stay flat.</p>"
            ),
            heading("Spotting N+1 queries"),
            code(
                "from django.test.utils import CaptureQueriesContext\n"
                "from django.db import connection\n\n"
                "with CaptureQueriesContext(connection) as queries:\n"
                "    render_listing(talks)\n"
                "assert len(queries) <= 5, [q['sql'] for q in queries]\n",
                "python",
                "test_listing.py",
            ),
            heading("select_related or prefetch_related?", "h3"),
            table(
                "When to use each",
                [
                    ["Relation", "Use", "Queries"],
                    ["ForeignKey", "select_related", "1 (a join)"],
                    ["Reverse ForeignKey", "prefetch_related", "2"],
                    ["ManyToMany", "prefetch_related", "2"],
                ],
            ),
            quote("<p>Measure before you optimise; then measure again.</p>", "Tomás Lindqvist"),
        ],
        "a11y": [
            paragraph(
                "<p>Anya audited five popular sites live on stage. Every one failed at least one "
                "basic check; most failures were missing alt text and low contrast.</p>"
            ),
            heading("Checklist"),
            paragraph(
                "<ul><li>One <code>&lt;h1&gt;</code> per page</li>"
                "<li>Headings that don't skip levels</li>"
                "<li>Link text that makes sense on its own</li>"
                "<li>Alt text written for the context, not the file</li></ul>"
            ),
            code(
                '<a href="/talks/">Read the talk notes</a>\n<!-- not: <a href="/talks/">click here</a> -->',
                "html",
            ),
        ],
        "async": [
            paragraph(
                "<p>Dev showed where async views pay off in Django and where they don't.</p>"
            ),
            code(
                "async def dashboard(request):\n"
                "    stats, alerts = await asyncio.gather(fetch_stats(), fetch_alerts())\n"
                "    return render(request, 'dashboard.html', {'stats': stats, 'alerts': alerts})\n",
                "python",
            ),
            quote(
                "<p>Async is a tool for waiting well, not for computing faster.</p>",
                "Dev Patel-Moreau",
            ),
        ],
        "lightning": [
            list_block(
                [
                    [paragraph("<p>A tiny CLI for renaming talk slides</p>")],
                    [paragraph("<p>Type hints in templates: <s>soon</s> not yet</p>")],
                    [
                        paragraph("<p>Why your test suite should run in under a minute:</p>"),
                        code("$ make test\n===== 212 passed in 41.2s =====", "console"),
                    ],
                ]
            ),
        ],
    }


DAYS = [
    {
        "title": "Day 1",
        "slug": "day-1",
        "date": datetime.date(2026, 6, 4),
        "intro": "<p>Keynote and the ORM track.</p>",
        "talks": [
            (
                "Shipping every day without fear",
                "keynote",
                ["mira"],
                "Small changes, fast reviews and honest tests.",
            ),
            (
                "Keeping query counts flat",
                "orm",
                ["tomas"],
                "Finding and fixing N+1 queries in Django listings.",
            ),
        ],
    },
    {
        "title": "Day 2",
        "slug": "day-2",
        "date": datetime.date(2026, 6, 5),
        "intro": "",
        "talks": [
            (
                "Accessibility audits, live",
                "a11y",
                ["anya"],
                "Five sites, five failures, and how to avoid them.",
            ),
            (
                "Async views in practice",
                "async",
                ["dev"],
                "Where async Django helps, and where it doesn't.",
            ),
            ("Lightning talks", "lightning", ["mira", "dev"], "Five minutes each, six speakers."),
        ],
    },
]


@transaction.atomic
def load_demo_content() -> ConferencePage | None:
    """Create the demo conference; returns None when it already exists (content is kept)."""
    home = ensure_site_root()
    if ConferencePage.objects.child_of(home).filter(slug=DEMO_CONFERENCE_SLUG).exists():
        return None
    # Each page and speaker indexed once, at the end, as an import does (not on each of
    # its three saves): half the load's time.
    with indexing_deferred():
        return create_demo_conference(home)


def create_demo_conference(home: HomePage) -> ConferencePage:
    """The demo conference under `home`, its speakers and its stage image, all published."""
    home.intro = "<p>Notes from the talks we went to, written up the same week.</p>"
    home.save_revision().publish()

    speakers = {}
    for key, fields in SPEAKERS.items():
        speaker = Speaker(**fields)
        speaker.save()
        # Published from its revision, as an editor would: live, with no draft changes.
        speaker.save_revision().publish()
        speakers[key] = speaker

    image = make_stage_image()
    bodies = talk_bodies(image.pk)

    conference = ConferencePage(
        title="Harbour Python 2026",
        slug=DEMO_CONFERENCE_SLUG,
        start_date=datetime.date(2026, 6, 4),
        end_date=datetime.date(2026, 6, 5),
        location="Porto, Portugal",
        website="https://harbour-python.example/",
        intro="<p>Two days of talks on shipping, performance, accessibility and async Python.</p>",
        show_table_of_contents=True,
    )
    home.add_child(instance=conference)
    conference.save_revision().publish()

    for day_fields in DAYS:
        day = DayPage(
            title=day_fields["title"],
            slug=day_fields["slug"],
            date=day_fields["date"],
            intro=day_fields["intro"],
        )
        conference.add_child(instance=day)
        day.save_revision().publish()
        for title, body_key, speaker_keys, summary in day_fields["talks"]:
            talk = TalkPage(
                title=title,
                summary=summary,
                body=bodies[body_key],
                talk_url=f"https://harbour-python.example/talks/{body_key}/",
            )
            talk.talk_speakers = [
                TalkSpeaker(speaker=speakers[key], sort_order=index)
                for index, key in enumerate(speaker_keys)
            ]
            talk.tags.add(body_key)
            day.add_child(instance=talk)
            talk.save_revision().publish()
    return conference
