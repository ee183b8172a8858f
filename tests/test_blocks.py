"""Each StreamField block renders as described, and hostile text stays text."""

import json

import pytest
import requests
import responses
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.blocks import RichTextBlock
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.models import Embed

from talks.block_values import code, embed, figure, heading, list_block, paragraph, quote, table
from talks.blocks import CodeBlock, FigureBlock, NotesTableBlock, QuoteBlock, TalkBodyBlock
from talks.models import ConferencePage, DayPage, TalkPage
from tests.editing import submit_edit
from tests.factories import TalkPageFactory, make_image

# Template syntax whose output can't occur otherwise: an upper-cased sentinel.
HOSTILE = "<script>alert('x')</script> \"quoted\" {{ 'sentinel'|upper }} {% now 'Y' %}"


def render_talk(client, day, body, **fields) -> str:
    talk = TalkPageFactory(parent=day, body=body, **fields)
    response = client.get(talk.url)
    assert response.status_code == 200
    return response.content.decode()


def test_heading_renders_its_level_with_a_stable_unique_id(client, day):
    html = render_talk(
        client,
        day,
        [
            heading("Key points"),
            heading("Details", "h3"),
            heading("Key points"),
        ],
    )
    assert '<h2 id="key-points" class="block-heading">Key points <a class="permalink"' in html
    assert '<h3 id="details" class="block-heading">Details <a class="permalink"' in html
    assert '<h2 id="key-points-2" class="block-heading">Key points <a class="permalink"' in html
    assert "Link to the section “Details”" in html  # each permalink says where it leads
    # the table of contents links to the same anchors
    assert 'href="#key-points"' in html and 'href="#key-points-2"' in html


def test_paragraph_keeps_nested_lists_links_and_inline_code(client, day):
    html = render_talk(
        client,
        day,
        [
            paragraph(
                '<ul><li>Outer <a href="https://example.com/x">link</a><ol><li>Inner <code>x = 1</code></li>'
                "</ol></li></ul>"
            )
        ],
    )
    assert (
        '<ul><li>Outer <a href="https://example.com/x">link</a><ol><li>Inner <code>x = 1</code>'
        in html
    )


def test_quote_is_a_figure_with_blockquote_and_linked_attribution(client, day):
    html = render_talk(client, day, [quote("<p>Ship it.</p>", "Ada", "https://ada.example/")])
    assert '<figure class="block-quote" id="quote-' in html
    assert "<blockquote><p>Ship it.</p></blockquote>" in html
    assert '<figcaption><a href="https://ada.example/">Ada</a></figcaption>' in html


def test_quote_without_attribution_has_no_caption(client, day):
    html = render_talk(client, day, [quote("<p>Anonymous wisdom.</p>")])
    assert "<blockquote><p>Anonymous wisdom.</p></blockquote>" in html
    assert "<figcaption>" not in html.split("block-quote")[1].split("</figure>")[0]


def test_quote_attribution_url_needs_attribution_text():
    block = QuoteBlock()
    value = block.to_python(
        {"text": "<p>Hi</p>", "attribution": "", "attribution_url": "https://x.example/"}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "attribution" in error.value.block_errors


def test_code_is_highlighted_on_the_server_with_caption(client, day):
    html = render_talk(client, day, [code("def greet():\n    return 'hi'\n", "python", "greet.py")])
    assert '<span class="k">def</span><span class="w"> </span><span class="nf">greet</span>' in html
    assert (
        '<figcaption>greet.py <span class="block-code__language">Python</span></figcaption>' in html
    )


def test_code_without_a_caption_still_names_its_language(client, day):
    html = render_talk(client, day, [code("SELECT 1;", "sql")])
    assert '<figcaption><span class="block-code__language">SQL</span></figcaption>' in html


def test_code_in_an_unknown_language_renders_plain_and_escaped():
    block = CodeBlock()
    value = block.to_python({"language": "klingon", "code": "<b>qapla'</b>", "caption": ""})
    html = block.render(value)
    assert "<pre><code>&lt;b&gt;qapla&#x27;&lt;/b&gt;</code></pre>" in html
    assert "<span" not in html.split("<pre>")[1]


def test_highlighted_code_keeps_a_word_split_between_two_tokens_whole():
    # Pygments lexes CSS's "10px" as a number and a unit: the page must show one word.
    block = CodeBlock()
    code = "a { margin: 10px 1.5rem; }"
    html = block.render(block.to_python({"language": "css", "code": code, "caption": ""}))
    assert '<span class="mi">10px</span>' in html and '<span class="mf">1.5rem</span>' in html
    assert '<span class="p">{</span>' in html  # still highlighted


def test_plain_code_keeps_whitespace_and_escapes():
    block = CodeBlock()
    html = block.render(block.to_python({"language": "", "code": "  a < b\n\tc", "caption": ""}))
    assert "  a &lt; b\n\tc" in html
    assert '<span class="block-code__language">Plain text</span>' in html


@pytest.mark.parametrize(
    ("language", "name", "token"),
    [
        ("js", "JavaScript", '<span class="kd">const</span>'),
        ("sh", "Bash", '<span class="nb">echo</span>'),
        ("console", "Shell session", '<span class="gp">$ </span>'),
        ("pycon", "Python console", '<span class="gp">&gt;&gt;&gt; </span>'),
        ("jsx", "JSX", '<span class="nt">App</span>'),
        ("JS", "JavaScript", '<span class="kd">const</span>'),
        ("r", "R", '<span class="nf">mean</span>'),  # Pygments calls its lexer "S"
    ],
)
def test_a_highlighted_language_or_its_alias_is_highlighted_and_named(language, name, token):
    sources = {
        "js": "const a = 1;",
        "sh": "echo hi",
        "console": "$ ls",
        "pycon": ">>> 1 + 1\n2",
        "jsx": "const el = <App />;",
        "r": "x <- mean(c(1, 2))",
    }
    block = CodeBlock()
    html = block.render(
        block.to_python({"language": language, "code": sources[language.lower()], "caption": ""})
    )
    assert f'data-language="{language}"' in html  # kept as written
    assert f'<span class="block-code__language">{name}</span>' in html
    assert token in html


@pytest.mark.parametrize("language", ["jsx", "c++", "objective-c", "F#", "mermaid"])
def test_a_code_language_is_any_one_word(language):
    block = CodeBlock()
    value = block.clean(block.to_python({"language": language, "code": "x", "caption": ""}))
    assert value["language"] == language


@pytest.mark.parametrize("language", ["two words", "ja`va", "{r}", "title=x", "x" * 101])
def test_a_code_language_a_fence_cannot_carry_is_refused(language):
    block = CodeBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"language": language, "code": "x", "caption": ""}))
    assert "language" in error.value.block_errors


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    )
    return [text for child in children for text in strings_in(child)]


def test_the_editor_keeps_a_code_language_its_menu_does_not_list(client, day, moderator):
    talk = TalkPageFactory(parent=day, body=[code("const el = <App />;", "jsx")])
    client.force_login(moderator)
    editor = BeautifulSoup(client.get(f"/admin/pages/{talk.pk}/edit/").content, "html.parser")
    body = editor.select_one("[data-w-block-arguments-value]")
    definition, state = (
        json.loads(body["data-w-block-data-value"]),
        json.loads(body["data-w-block-arguments-value"]),
    )
    # The language field is text with the menu as suggestions, and it shows "jsx".
    assert any('list="__ID__-languages"' in text for text in strings_in(definition))
    assert state[0][0]["value"]["language"] == "jsx"
    response = submit_edit(
        client,
        talk,
        body=[("code", {"language": "jsx", "code": "const el = <App />;", "caption": ""})],
    )
    assert response.status_code == 302
    draft = TalkPage.objects.get(pk=talk.pk).get_latest_revision_as_object()
    assert draft.body[0].value["language"] == "jsx"


def rich_text_blocks(block, path=""):
    """Every rich text block in the body's definition, lists' items at every depth too."""
    if isinstance(block, RichTextBlock):
        yield path, block
    children = getattr(block, "child_blocks", None) or {}
    if hasattr(block, "child_block"):
        children = {"item": block.child_block}
    for name, child in children.items():
        yield from rich_text_blocks(child, f"{path}.{name}" if path else name)


def test_strikethrough_survives_the_rich_text_editor_in_every_rich_text_field():
    fields = {path: block.field for path, block in rich_text_blocks(TalkBodyBlock())}
    fields["conference intro"] = ConferencePage._meta.get_field("intro").formfield()
    fields["day intro"] = DayPage._meta.get_field("intro").formfield()
    assert {"paragraph", "quote.text", "list.items.item.paragraph"} < set(fields)
    for path, field in fields.items():
        widget = field.widget
        assert "STRIKETHROUGH" in [style["type"] for style in widget.options["inlineStyles"]], path
        # What the editor is given, and what it saves back untouched.
        editor_state = widget.format_value("<p>Was <s>struck</s>.</p>")
        saved = widget.value_from_datadict({"field": editor_state}, {}, "field")
        assert "<s>struck</s>" in saved, path


def test_a_list_block_renders_its_items_blocks_inside_them(client, day):
    html = render_talk(
        client,
        day,
        [
            list_block(
                [
                    [paragraph("<p>Install <s>it</s></p>"), code("$ pip install x", "console")],
                    [paragraph("<p>Compare</p>"), table("Sizes", [["S", "M"], ["1", "2"]])],
                    [list_block([[quote("<p>Nested</p>", "Bo")]], ordered=True, start=0)],
                ],
                ordered=True,
                start=4,
            )
        ],
    )
    start = html.index('<ol class="block-list" start="4">')
    items = html[start : html.index("</ol>\n", html.index('start="0"'))].split("<li>")[1:]
    assert len(items) == 3 + 1  # three items, and the nested list's one
    assert "Install <s>it</s>" in items[0] and 'class="block-code"' in items[0]
    assert "<caption>Sizes</caption>" in items[1]
    assert '<ol class="block-list" start="0">' in items[2] and "Nested" in items[3]


def test_table_has_caption_and_scoped_header_cells(client, day):
    html = render_talk(client, day, [table("Tools compared", [["Tool", "Speed"], ["A", "fast"]])])
    assert "<caption>Tools compared</caption>" in html
    assert '<th scope="col">Tool</th><th scope="col">Speed</th>' in html
    assert "<td>A</td><td>fast</td>" in html


def test_table_with_header_column_uses_row_scope():
    block = NotesTableBlock()
    value = {
        "data": [["Mon", "Keynote"]],
        "table_caption": "Schedule",
        "first_row_is_table_header": False,
        "first_col_is_header": True,
    }
    assert '<th scope="row">Mon</th><td>Keynote</td>' in block.render(value)


@pytest.mark.parametrize(
    ("caption", "row_header", "col_header", "message"),
    [
        ("", True, False, "caption"),
        ("Results", False, False, "headers"),
    ],
)
def test_table_needs_caption_and_header(caption, row_header, col_header, message):
    value = {
        "data": [["a", "b"]],
        "table_caption": caption,
        "first_row_is_table_header": row_header,
        "first_col_is_header": col_header,
    }
    with pytest.raises(ValidationError) as error:
        NotesTableBlock().clean(value)
    assert message in " ".join(error.value.messages)


def test_image_renders_responsive_webp_with_contextual_alt(client, day):
    image = make_image()
    html = render_talk(
        client, day, [figure(image.pk, "Ada at the lectern", "Opening", "Photo: Bo")]
    )
    img = html.split('<figure class="block-image">')[1].split("</figure>")[0]
    assert 'alt="Ada at the lectern"' in img
    assert "srcset=" in img and ".webp 480w" in img and ".webp 960w" in img
    assert 'width="480"' in img and 'height="320"' in img
    assert "Opening" in img and "Photo: Bo" in img


def test_decorative_image_has_empty_alt(client, day):
    image = make_image()
    body = [
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "", "decorative": True},
                "caption": "",
                "attribution": "",
            },
        }
    ]
    html = render_talk(client, day, body)
    assert 'alt=""' in html.split("block-image")[1]


@pytest.mark.parametrize(
    ("alt", "message"),
    [
        ("IMG_0042.jpg", "file name"),
        ("stage.png", "file name"),
        ("image-20240501103015123", "file name"),  # Typora's pasted image
        ("Screenshot 2024-05-01 at 10.30.15", "file name"),
        ("Pasted image 20240612093000", "file name"),  # Obsidian's
        ("Image of a speaker", "image of"),
        ("x" * 151, "150 characters"),
        ("", "Describe the image"),
    ],
)
def test_image_alt_text_rules(db, alt, message):
    image = make_image(filename="stage.png")
    block = FigureBlock()
    value = block.to_python(
        {
            "image": {"image": image.pk, "alt_text": alt, "decorative": False},
            "caption": "",
            "attribution": "",
        }
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    image_errors = error.value.block_errors["image"]
    assert message.lower() in str(image_errors.block_errors["alt_text"]).lower() or (
        message == "Describe the image" and "alt text" in str(image_errors.block_errors["alt_text"])
    )


@responses.activate
def test_embed_falls_back_to_a_labelled_link_when_the_provider_is_unreachable(client, day):
    responses.add(
        responses.GET, "https://www.youtube.com/oembed", body=requests.ConnectionError("offline")
    )
    html = render_talk(client, day, [embed("https://www.youtube.com/watch?v=abc")])
    # The link text says where it goes (the site's checker refuses a bare URL).
    assert (
        '<a href="https://www.youtube.com/watch?v=abc">The recording or slides on youtube.com</a>'
    ) in html


def test_embed_renders_the_providers_player_when_known(client, day):
    Embed.objects.create(
        url="https://www.youtube.com/watch?v=known",
        hash=__import__("wagtail.embeds.embeds", fromlist=["get_embed_hash"]).get_embed_hash(
            "https://www.youtube.com/watch?v=known"
        ),
        type="video",
        html='<iframe title="Keynote video" src="https://www.youtube.com/embed/known"></iframe>',
        title="Keynote video",
        width=640,
        height=360,
    )
    html = render_talk(client, day, [embed("https://www.youtube.com/watch?v=known")])
    assert '<iframe title="Keynote video"' in html
    assert ">Keynote video</a></figcaption>" in html


def test_hostile_text_is_escaped_in_every_field(client, day):
    image = make_image()
    body = [
        heading(HOSTILE),
        quote("<p>fine</p>", HOSTILE, "https://x.example/"),
        code(HOSTILE, "python", HOSTILE),
        code(HOSTILE, "plain"),
        table(HOSTILE, [[HOSTILE, "b"], [HOSTILE, "d"]]),
        figure(image.pk, "A stage with a red banner", HOSTILE, HOSTILE),
    ]
    html = render_talk(client, day, body, title=HOSTILE, summary=HOSTILE)
    assert "<script>alert" not in html
    for fragment in ("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", "&quot;quoted&quot;"):
        assert html.count(fragment) >= 8
    # Template syntax in notes is text, never evaluated.
    assert "SENTINEL" not in html
    assert html.count("{{ &#x27;sentinel&#x27;|upper }}") >= 8


def test_headings_must_not_skip_levels():
    block = TalkBodyBlock()
    value = block.to_python([heading("Intro"), paragraph("<p>x</p>"), heading("Deep", "h4")])
    with pytest.raises(StreamBlockValidationError) as error:
        block.clean(value)
    assert list(error.value.block_errors) == [2]
    assert "h4 right after h2; use h3" in str(error.value.block_errors[2].block_errors["level"])


def test_first_heading_must_be_h2():
    block = TalkBodyBlock()
    with pytest.raises(StreamBlockValidationError) as error:
        block.clean(block.to_python([heading("Starts deep", "h3")]))
    assert list(error.value.block_errors) == [0]


def test_heading_levels_going_back_up_are_fine():
    block = TalkBodyBlock()
    value = block.to_python([heading("A"), heading("B", "h3"), heading("C", "h4"), heading("D")])
    assert len(block.clean(value)) == 4


@responses.activate
def test_an_embed_saves_when_its_provider_cannot_be_reached(db):
    responses.add(
        responses.GET, "https://www.youtube.com/oembed", body=requests.ConnectionError("offline")
    )
    block = TalkBodyBlock()
    value = block.to_python([embed("https://www.youtube.com/watch?v=offline")])
    assert block.clean(value)[0].value.url == "https://www.youtube.com/watch?v=offline"
