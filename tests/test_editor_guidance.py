"""Editors are guided on every field, and an image's default alt text is never used silently."""

import pytest
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.models import HomePage
from talks.blocks import FigureBlock, TalkBodyBlock
from talks.models import ConferencePage, DayPage, Speaker, TalkPage, TalkSpeaker
from tests.factories import TalkPageFactory, make_image


@pytest.mark.parametrize(
    "model", [HomePage, ConferencePage, DayPage, TalkPage, Speaker, TalkSpeaker]
)
def test_every_field_an_editor_fills_in_has_help_text(model):
    fields = [
        field
        for field in model._meta.get_fields(include_parents=False)
        if getattr(field, "editable", False)
        and field.concrete
        and not field.auto_created
        and field.name not in {"sort_order", "talk", "content_object", "live", "latest_revision"}
        and not field.name.startswith(
            (
                "locked",
                "has_unpublished",
                "first_published",
                "last_published",
                "live_revision",
                "go_live",
                "expire",
            )
        )
        and not field.name.endswith("_ptr")
    ]
    assert fields, "no editor-facing fields found"
    assert [field.name for field in fields if not field.help_text] == []


def block_help_text(block) -> str:
    # Form-field blocks keep it on their Django field, others on their Meta.
    field = getattr(block, "field", None)
    return getattr(field, "help_text", "") or getattr(block.meta, "help_text", "") or ""


def struct_children(block, path=""):
    for name, child in getattr(block, "child_blocks", {}).items():
        yield f"{path}{name}", child
        if isinstance(child, blocks.StructBlock):
            yield from struct_children(child, f"{path}{name}.")


def test_every_field_inside_a_body_block_has_help_text():
    missing = [
        f"{block_name}.{field_name}"
        for block_name, block in TalkBodyBlock().child_blocks.items()
        if isinstance(block, blocks.StructBlock)
        for field_name, field in struct_children(block)
        if not block_help_text(field)
        and field_name not in {"image.image", "image.decorative", "image.alt_text"}
    ]
    assert missing == []


def test_empty_alt_text_is_refused_even_when_the_image_has_a_description(db):
    image = make_image()
    image.description = "The stage at Harbour Python"
    image.save()
    block = FigureBlock()
    value = block.to_python(
        {"image": {"image": image.pk, "alt_text": "", "decorative": False}, "caption": ""}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "alt_text" in error.value.block_errors["image"].block_errors


def test_a_page_never_shows_the_images_description_as_alt_text_the_editor_left_empty(client, day):
    image = make_image(title="stage.png")
    image.description = "The stage at Harbour Python"
    image.save()
    # As a draft or an import could store it: no alt text, not decorative.
    body = [
        {
            "type": "image",
            "value": {"image": {"image": image.pk, "alt_text": "", "decorative": False}},
        }
    ]
    talk = TalkPageFactory(parent=day, body=body)
    html = client.get(talk.url).content.decode()
    figure = html.split('<figure class="block-image">')[1].split("</figure>")[0]
    assert "The stage at Harbour Python" not in figure
    assert 'alt="stage.png"' not in figure
