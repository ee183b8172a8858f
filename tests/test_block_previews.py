"""The block picker's previews: every body block, rendered with the site's CSS."""

import pytest
from django.urls import reverse

from talks.models import TalkPage
from tests.factories import make_image

# What each block's preview must show of its example value.
PREVIEW_CONTENT = {
    "heading": "Key takeaways",
    "paragraph": "Cache what is <code>slow</code>",
    "list": '<span class="gp">$ </span>pip',  # the item's code, highlighted inside the list
    "quote": "Kent Beck",
    "code": "greet.py",
    "table": "<caption>When to use each</caption>",
    "image": 'alt="The speaker beside their slide"',
    "embed": "The recording or slides on youtube.com</a>",
}


def body_blocks():
    return TalkPage._meta.get_field("body").stream_block.child_blocks


def preview(client, block) -> str:
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    return response.content.decode()


def test_every_body_block_has_a_preview_and_a_description():
    assert set(body_blocks()) == set(PREVIEW_CONTENT)
    for name, block in body_blocks().items():
        assert block.is_previewable, name
        assert block.get_description(), name


@pytest.mark.parametrize("name", PREVIEW_CONTENT)
def test_block_preview_uses_the_site_css_and_shows_the_example(client, editor, name):
    make_image(title="Stage", filename="stage.png")
    client.force_login(editor)
    html = preview(client, body_blocks()[name])
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert '<link rel="stylesheet" href="/static/css/code.css">' in html
    assert '<div class="talk-body">' in html
    assert PREVIEW_CONTENT[name] in html


def test_image_preview_explains_itself_when_the_library_is_empty(client, editor):
    client.force_login(editor)
    html = preview(client, body_blocks()["image"])
    assert "Upload an image to the library to see an example here." in html
    assert "/static/css/site.css" in html
