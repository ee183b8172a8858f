"""StreamField blocks for talk notes.

Block names (`heading`, `paragraph`, `quote`, `code`, `table`, `image`, `embed`)
are part of the content format: the Markdown importer and exporter use them too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import urlsplit

from asgiref.local import Local
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.timezone import now
from wagtail import blocks
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.blocks.stream_block import StreamBlockValidationError, StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.embeds.embeds import get_embed, get_embed_hash
from wagtail.embeds.exceptions import EmbedException
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.images.shortcuts import get_renditions_or_not_found

from accessibility.rules import alt_text_problems
from talks.block_values import (
    CODE_LANGUAGE,
    CODE_LANGUAGES,
    MAX_LIST_DEPTH,
    figure,
)
from talks.highlighting import highlight_code, language_name

# Features editors need in notes; nested lists come with ol/ul. Strikethrough is here so
# that editing a talk keeps the `~~struck~~` text its notes had.
RICH_TEXT_FEATURES = ["bold", "italic", "strikethrough", "code", "link", "ol", "ul"]


EMBED_RETRY_SECONDS = 600
EMBED_PREVIEW_URL = "https://www.youtube.com/watch?v=notes-preview"

# Every rendition an image block asks for; prefetched in one query per body.
IMAGE_WIDTHS = (480, 960, 1440)
IMAGE_FILTER_SPECS = tuple(f"width-{width}|format-webp" for width in IMAGE_WIDTHS)


HEADING_LEVELS = ("h2", "h3", "h4")


class HeadingValue(blocks.StructValue):
    """A heading that knows its anchor; the page assigns unique anchors per body."""

    @property
    def anchor(self) -> str:
        return getattr(self, "_anchor", None) or slugify(self.get("text", "")) or "section"

    @property
    def tag(self) -> str:
        level = self.get("level")
        return level if level in HEADING_LEVELS else "h2"


class TextChoiceBlock(blocks.ChoiceBlock):
    """A choice among text keys: a stored value is the key itself, so it is kept as it is.

    Wagtail's ChoiceBlock looks every value up among its choices (to give back numbers
    as numbers), and Django lists those choices afresh on each lookup: for a 30-language
    menu that was most of the cost of reading a code block, done several times per block
    when a talk is validated, saved and indexed.
    """

    def normalize_choice(self, value):
        return value


class HeadingBlock(blocks.StructBlock):
    level = TextChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)"), ("h4", "Minor heading (h4)")],
        default="h2",
        help_text="Talk bodies start at h2; go down one level at a time.",
    )
    text = blocks.CharBlock(max_length=255, help_text="Shown in the table of contents.")

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        value_class = HeadingValue
        label_format = "{text}"
        description = "A section heading; listed in the talk's table of contents."
        preview_value = {"level": "h2", "text": "Key takeaways"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        description = "Notes: paragraphs and (nested) lists with links and inline code."
        preview_value = (
            "<p>The speaker's main points:</p><ul><li>Measure first</li>"
            "<li>Cache what is <code>slow</code></li></ul>"
        )


class QuoteBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="What was said, without the quotation marks."
    )
    attribution = blocks.CharBlock(
        required=False, max_length=255, help_text="Who said it, e.g. the speaker's name or handle."
    )
    attribution_url = blocks.URLBlock(
        label="Attribution URL",
        required=False,
        help_text="Optional link for the attribution, e.g. their profile.",
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("attribution_url") and not value.get("attribution"):
            raise StructBlockValidationError(
                block_errors={
                    "attribution": ValidationError(
                        "Add the attribution text that this link belongs to."
                    )
                }
            )
        return value

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        description = "A quotation with who said it."
        preview_value = {
            "text": "<p>Make it work, make it right, make it fast.</p>",
            "attribution": "Kent Beck",
        }


class CodeValue(blocks.StructValue):
    @property
    def language_name(self) -> str:
        return language_name(self.get("language") or "")

    @property
    def highlighted(self) -> SafeString:
        return highlight_code(self.get("code") or "", self.get("language") or "")


class CodeLanguageInput(forms.TextInput):
    """Free text with the site's languages as suggestions (a datalist), so a language
    the menu doesn't list (`jsx`, `console`) is kept, never replaced."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = attrs or {}
        list_id = f"{attrs.get('id') or name}-languages"
        field = super().render(name, value, {**attrs, "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', CODE_LANGUAGES)
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


class CodeLanguageBlock(blocks.FieldBlock):
    def __init__(self, help_text: str | None = None, **kwargs) -> None:
        self.field = forms.CharField(
            required=False,
            max_length=100,
            help_text=help_text,
            validators=[
                RegexValidator(
                    CODE_LANGUAGE,
                    "Write the language as one word, such as python or js "
                    "(no spaces, backticks or “=”).",
                )
            ],
            widget=CodeLanguageInput(),
        )
        super().__init__(**kwargs)


class CodeTextarea(AdminAutoHeightTextInput):
    """A monospace textarea where Tab indents (static/talks/code-field.js)."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            {
                "rows": 4,
                "data-notes-code": "",
                "spellcheck": "false",
                "autocapitalize": "off",
                "autocomplete": "off",
                **(attrs or {}),
            }
        )

    class Media:
        js = ["talks/code-field.js"]
        css = {"all": ["talks/code-field.css"]}


class CodeTextBlock(blocks.TextBlock):
    @cached_property
    def field(self) -> forms.CharField:
        # strip=False: leading indentation and blank lines are part of the code.
        return forms.CharField(widget=CodeTextarea(), strip=False, **self.field_options)


class CodeBlock(blocks.StructBlock):
    language = CodeLanguageBlock(
        default="",
        help_text="The code's language (python, js, console…); pick one or type it. "
        "Empty for plain text. Announced to screen readers.",
    )
    code = CodeTextBlock(
        help_text="Pasted as is; whitespace is kept. Tab indents; press Esc, then Tab, to move on."
    )
    caption = blocks.CharBlock(
        required=False, max_length=255, help_text="Optional caption or file name."
    )

    class Meta:
        icon = "code"
        template = "blocks/code.html"
        value_class = CodeValue
        description = "A code sample, highlighted on the server."
        preview_value = {
            "language": "python",
            "code": 'def greet(name):\n    return f"Hello, {name}!"',
            "caption": "greet.py",
        }


def header_choice(value: dict) -> str:
    row, column = value.get("first_row_is_table_header"), value.get("first_col_is_header")
    return {(True, True): "both", (True, False): "row", (False, True): "column"}.get(
        (bool(row), bool(column)), "neither"
    )


class NotesTableBlock(TableBlock):
    """A table with a caption and header cells, rendered as plain (escaped) text."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "table_options",
            {
                "contextMenu": [
                    "row_above",
                    "row_below",
                    "col_left",
                    "col_right",
                    "remove_row",
                    "remove_col",
                    "undo",
                    "redo",
                ]
            },
        )
        super().__init__(**kwargs)

    def clean(self, value):
        if value and not value.get("table_header_choice"):
            # Tables made outside the editor (the importer) carry the header flags only.
            value["table_header_choice"] = header_choice(value)
        value = super().clean(value)
        if value is None:
            return value
        errors = []
        if not (value.get("table_caption") or "").strip():
            errors.append("Give the table a caption that says what it compares.")
        if not (value.get("first_row_is_table_header") or value.get("first_col_is_header")):
            errors.append("Mark the first row or the first column (or both) as headers.")
        if errors:
            raise ValidationError(errors)
        return value

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        description = "A table with a caption and header row and/or column."
        preview_value = {
            "data": [["Relation", "Use"], ["ForeignKey", "select_related"]],
            "table_caption": "When to use each",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_header_choice": "row",
        }


class ContextualImageBlock(ImageBlock):
    """Wagtail's alt-text image block with this site's alt-text rules."""

    def clean(self, value):
        value = super().clean(value)
        if value and not value.decorative and not self.is_deferred_validation:
            problems = alt_text_problems(
                value.contextual_alt_text or "", filename=value.filename, title=value.title
            )
            if problems:
                raise StructBlockValidationError(
                    block_errors={"alt_text": ValidationError(problems)}
                )
        return value

    def bulk_to_python(self, values):
        images = super().bulk_to_python(values)
        # One query for every rendition the template will ask for, whatever the
        # number of images in the body.
        prefetch_related_objects(
            [image for image in images if image is not None],
            Prefetch(
                "renditions",
                queryset=get_image_model()
                .get_rendition_model()
                .objects.filter(filter_spec__in=IMAGE_FILTER_SPECS),
                to_attr="prefetched_renditions",
            ),
        )
        return images


class FigureBlock(blocks.StructBlock):
    # Wagtail's ImageBlock drops extra children, so caption and attribution wrap it.
    # Not "Image": the block itself is labelled that, and the editor names each nested
    # section by its label and the image's title, so both sections would share a name.
    image = ContextualImageBlock(
        label="Image and alt text",
        help_text="Describe what the image shows here, in this talk's context.",
    )
    caption = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="Shown under the image to every reader; details that don't fit the alt text go here.",
    )
    attribution = blocks.CharBlock(
        required=False, max_length=255, help_text="Photographer or source, if it must be credited."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        image = value["image"]
        if image:
            # IMAGE_FILTER_SPECS are the renditions bulk_to_python prefetched.
            context["renditions"] = list(
                get_renditions_or_not_found(image, IMAGE_FILTER_SPECS).values()
            )
        return context

    def get_preview_value(self):
        # The newest image of the library, so the preview shows a real picture; the
        # preview template says what to do when the library is empty.
        image = get_image_model().objects.order_by("-created_at", "-pk").first()
        return self.to_python(
            figure(
                image.pk if image else None,
                "The speaker beside their slide",
                "A caption every reader sees.",
                "Photo: the conference volunteers",
            )["value"]
        )

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        preview_template = "blocks/previews/image.html"
        description = "An image with alt text written for this talk, a caption and credit."


class NotesEmbedValue(EmbedValue):
    """An embed that renders as a labelled link when its provider can't be reached."""

    @cached_property
    def embed(self) -> Embed | None:
        failure_key = (
            f"embed-unavailable:{get_embed_hash(self.url, self.max_width, self.max_height)}"
        )
        if cache.get(failure_key):
            return None
        try:
            return get_embed(self.url, self.max_width, self.max_height)
        except EmbedException:
            # Don't ask an unreachable provider again on every page view.
            cache.set(failure_key, True, EMBED_RETRY_SECONDS)
            return None

    @cached_property
    def html(self) -> SafeString:
        return mark_safe(self.embed.html) if self.embed else SafeString("")

    @property
    def title(self) -> str:
        return self.embed.title if self.embed else ""

    @property
    def host(self) -> str:
        """The site the URL points to, for a fallback link that says where it goes."""
        host = urlsplit(self.url).hostname or self.url
        return host.removeprefix("www.")


class NotesEmbedBlock(EmbedBlock):
    def to_python(self, value):
        return NotesEmbedValue(value) if value else None

    def value_from_form(self, value):
        return self.to_python(value)

    def clean(self, value):
        # Skip EmbedBlock's "no embed found" error: a recording or slides URL whose
        # provider is unknown or unreachable (offline editing) is kept and renders as a
        # labelled link.
        return super(EmbedBlock, self).clean(value)

    def bulk_to_python(self, values):
        embed_values = [self.to_python(value) for value in values]
        by_hash = defaultdict(list)
        for value in embed_values:
            if value is not None:
                by_hash[get_embed_hash(value.url)].append(value)
        # One query for every embed of the body that has been fetched before; a recording
        # shown twice is looked up once.
        for cached in Embed.objects.exclude(cache_until__lte=now()).filter(hash__in=by_hash):
            for value in by_hash[cached.hash]:
                value.__dict__["embed"] = cached
        return embed_values

    def get_preview_value(self):
        # The block picker must not wait on a provider: the preview shows the labelled
        # link readers get when the provider can't be reached.
        value = self.to_python(EMBED_PREVIEW_URL)
        value.__dict__["embed"] = None
        return value

    class Meta:
        icon = "media"
        template = "blocks/embed.html"
        description = "A recording or slides URL (YouTube, Vimeo, Speaker Deck…)."


def searchable_words(texts: list[str]) -> list[str]:
    """The body's text for the search index, without "<": PostgreSQL's text-search parser
    reads it as the start of a tag or comment and takes quadratic time on a run of
    unclosed ones (20,000 "<!--" took 7 s, 50,000 more than the 30 s statement limit)."""
    return [text.replace("<", " ") for text in texts]


_searchable_content = Local()


@contextmanager
def searchable_content_remembered() -> Iterator[None]:
    """Inside, a talk body's searchable text is worked out once per body value.

    The search backends ask each page for it once per kind of text they store (title,
    body, autocomplete…: three to five times), and it is most of the cost of indexing a
    talk. Only for values that don't change inside the block: pages read for indexing.
    """
    _searchable_content.remembered = {}
    try:
        yield
    finally:
        del _searchable_content.remembered


class ListValue(blocks.StructValue):
    @property
    def tag(self) -> str:
        return "ol" if self.get("ordered") else "ul"

    @property
    def start_attribute(self) -> int | None:
        """The `start` a numbered list needs to begin at its number; None at 1."""
        start = self.get("start")
        return start if self.get("ordered") and start not in (None, 1) else None


class NotesListBlock(blocks.StructBlock):
    """A list whose items hold code, tables and quotes as well as text, so a code sample
    under a bullet stays under that bullet. Its `items` come from `notes_list_block`."""

    ordered = blocks.BooleanBlock(
        required=False, label="Numbered", help_text="Number the items instead of bullets."
    )
    start = blocks.IntegerBlock(
        default=1,
        min_value=0,
        max_value=999_999_999,
        help_text="The number of the first item of a numbered list.",
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/list.html"
        value_class = ListValue
        description = (
            "A bulleted or numbered list whose items hold code, tables or quotes; "
            "a plain list is part of a paragraph."
        )
        preview_value = {
            "ordered": True,
            "start": 1,
            "items": [
                [
                    {"type": "paragraph", "value": "<p>Install the package:</p>"},
                    {
                        "type": "code",
                        "value": {"language": "console", "code": "$ pip install wagtail"},
                    },
                ],
                [{"type": "paragraph", "value": "<p>Add it to your settings.</p>"}],
            ],
        }


def notes_list_block(depth: int = 1) -> NotesListBlock:
    """A list block; its items may hold a list block themselves, down to MAX_LIST_DEPTH
    (a block can't contain itself; deeper lists are rich text)."""
    children: list[tuple[str, blocks.Block]] = [
        ("paragraph", ParagraphBlock(label="Text")),
        ("code", CodeBlock()),
        ("table", NotesTableBlock()),
        ("quote", QuoteBlock()),
    ]
    if depth < MAX_LIST_DEPTH:
        children.append(("list", notes_list_block(depth + 1)))
    item = blocks.StreamBlock(children, required=False, label="Item")
    items = blocks.ListBlock(
        item,
        min_num=1,
        help_text="Each item: its text, then the code, tables, quotes or lists under it.",
    )
    return NotesListBlock([("items", items)], label="List")


class TalkBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    list = notes_list_block()
    quote = QuoteBlock()
    code = CodeBlock()
    table = NotesTableBlock()
    image = FigureBlock()
    embed = NotesEmbedBlock()

    def get_searchable_content(self, value) -> list[str]:
        remembered = getattr(_searchable_content, "remembered", None)
        if remembered is None:
            return searchable_words(super().get_searchable_content(value))
        if id(value) not in remembered:
            # The value is kept with its text, so that its id can't be reused meanwhile.
            words = searchable_words(super().get_searchable_content(value))
            remembered[id(value)] = (value, words)
        return remembered[id(value)][1]

    def clean(self, value):
        cleaned = super().clean(value)
        if self.is_deferred_validation:
            return cleaned
        errors = heading_order_errors(cleaned)
        if errors:
            raise StreamBlockValidationError(
                block_errors=errors,
                non_block_errors=ValidationError(
                    "Headings must start at h2 and go down one level at a time."
                ),
            )
        return cleaned


def convert_together(bodies: Sequence[StreamValue]) -> None:
    """Read the blocks of several bodies as one body would be read.

    A body converts each block type in one batch (bulk_to_python: images with their
    renditions, embeds), so a page of many talks' notes, such as a feed, would cost
    those queries per talk. Converting the bodies' blocks as one stream runs each batch
    once for all of them; each body then holds its own converted blocks.
    """
    bodies = [body for body in bodies if len(body)]
    if not bodies:
        return
    together = StreamValue(
        bodies[0].stream_block, [raw for body in bodies for raw in body.raw_data], is_lazy=True
    )
    converted = iter(together)
    for body in bodies:
        for index in range(len(body)):
            body[index] = next(converted)


def heading_order_errors(stream) -> dict[int, StructBlockValidationError]:
    """Errors for headings that skip a level; the page title is the only h1."""
    errors = {}
    previous = 1
    for index, child in enumerate(stream):
        if child.block_type != "heading":
            continue
        level = int(child.value["level"][1])
        if level > previous + 1:
            expected = f"h{previous + 1}"
            errors[index] = StructBlockValidationError(
                block_errors={
                    "level": ValidationError(
                        f"Heading “{child.value['text']}” is h{level} right after "
                        f"h{previous}; use {expected}."
                    )
                }
            )
        previous = level
    return errors
