"""A talk's rendered body is kept between views, and whatever it shows changes at once.

The first view of a talk keeps its body in the `bodies` cache; the tests then change what
the body shows (its notes, a linked page, an image, an embed) or read a draft of it, and
check that readers see the change, and drafts only through their own views.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.test.utils.form_data import nested_form_data, streamfield

from talks import highlighting
from talks.block_values import code, embed, figure, paragraph
from talks.models import ReviewLink
from tests.editing import edit_form
from tests.factories import TalkPageFactory, make_image
from tests.readers import publish

EMBED_URL = "https://www.youtube.com/watch?v=body-cache"


def body_of(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html.split('<div class="talk-body">')[1].split("</article>")[0]


def test_a_published_edit_shows_at_once(client, talk):
    talk.body = [paragraph("<p>First notes.</p>")]
    publish(talk)
    assert "First notes." in body_of(client, talk.url)

    talk.body = [paragraph("<p>Corrected notes.</p>")]
    publish(talk)
    body = body_of(client, talk.url)
    assert "Corrected notes." in body and "First notes." not in body


def test_links_follow_a_linked_talk_that_moves(client, day, talk):
    linked = TalkPageFactory(parent=day, title="Linked", slug="before")
    talk.body = [paragraph(f'<p>See <a linktype="page" id="{linked.pk}">that talk</a>.</p>')]
    publish(talk)
    assert f'<a href="{day.url}before/">that talk</a>' in body_of(client, talk.url)

    linked.slug = "after"
    publish(linked)
    assert f'<a href="{day.url}after/">that talk</a>' in body_of(client, talk.url)


def test_a_deleted_image_leaves_the_body_at_once(client, talk):
    image = make_image()
    talk.body = [figure(image.pk, "The speaker at the lectern"), paragraph("<p>Notes.</p>")]
    publish(talk)
    assert 'alt="The speaker at the lectern"' in body_of(client, talk.url)

    image.delete()
    body = body_of(client, talk.url)
    assert "block-image" not in body and "Notes." in body


def test_drafts_read_through_a_review_link_never_mix_with_the_live_notes(client, talk, editor):
    talk.body = [paragraph("<p>Live notes.</p>")]
    publish(talk)
    talk.body = [paragraph("<p>Draft notes.</p>")]
    talk.save_revision()
    link = ReviewLink.create_for(talk, editor)

    assert "Live notes." in body_of(client, talk.url)
    assert "Draft notes." in body_of(client, link.get_absolute_url())
    assert "Live notes." in body_of(client, talk.url)


def test_a_preview_shows_the_edited_notes_and_readers_the_live_ones(client, talk, editor):
    publish(talk)  # live without notes: its empty body is kept on the first view
    assert "Previewed heading" not in body_of(client, talk.url)

    client.force_login(editor)
    data = edit_form(client, talk)
    edited = streamfield([("heading", {"level": "h2", "text": "Previewed heading"})])
    for name, value in nested_form_data({"body": edited}).items():
        data[name] = value
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[talk.pk])
    assert client.post(url, data).json()["is_valid"]
    assert "Previewed heading" in body_of(client, url)

    client.logout()
    assert "Previewed heading" not in body_of(client, talk.url)


def test_the_first_view_after_publishing_renders_nothing(
    client, talk, django_capture_on_commit_callbacks
):
    image = make_image()
    talk.body = [figure(image.pk, "The speaker at the lectern")]
    with django_capture_on_commit_callbacks(execute=True):
        publish(talk)
    with CaptureQueriesContext(connection) as queries:
        body = body_of(client, talk.url)
    assert 'alt="The speaker at the lectern"' in body
    # Publishing rendered the body: this view reads neither the image nor its renditions.
    assert not [query for query in queries if 'FROM "wagtailimages_' in query["sql"]]


def test_an_embed_shows_once_its_provider_answers(client, talk):
    talk.body = [embed(EMBED_URL)]
    publish(talk)
    assert "block-embed__fallback" in body_of(client, talk.url)  # offline: a labelled link

    Embed.objects.create(
        url=EMBED_URL,
        max_width=None,
        hash=embed_hash(),
        type="video",
        html='<iframe title="The recording" src="https://www.youtube.com/embed/x"></iframe>',
        title="The recording",
    )
    cache.clear()  # the provider's failure is remembered for ten minutes
    assert "youtube.com/embed/x" in body_of(client, talk.url)


def embed_hash() -> str:
    return get_embed_hash(EMBED_URL, None, None)


def test_code_shown_plain_for_lack_of_time_is_highlighted_once_there_is_time(
    client, talk, monkeypatch
):
    talk.body = [code("def busy_machine():\n    return 'later'\n", "python")]
    publish(talk)
    # A machine too busy to highlight the code within its time (talks/highlighting.py).
    monkeypatch.setattr(highlighting, "MAX_HIGHLIGHT_SECONDS", -1)
    assert "<pre><code>def busy_machine():" in body_of(client, talk.url)  # plain, whole

    monkeypatch.undo()
    assert '<span class="k">def</span>' in body_of(client, talk.url)
