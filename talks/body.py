"""A talk's body rendered once and kept: its HTML, contents, word count and opening words.

Rendering a 30-block body (highlighted code, rich text with page links, renditions)
and reading its text for the reading time and the description is most of a talk
page's work. What it shows depends only on:

- the body's content: its JSON is in the key, so a new revision (or a draft) has keys
  of its own;
- where its page links point: resolved in one query on every view, the URLs are in
  the key, so a linked page moved, renamed, unpublished or deleted changes it;
- its images: a generation in the same cache, started anew whenever an image is
  saved or deleted (a new file or focal point means new renditions);
- the code that renders it: the block templates and rendering modules, Wagtail's and
  Pygments' versions are in the key, so a deploy never serves the old markup.

An entry therefore can't go stale and is never cleared, only left to expire (a day
after it was kept, BODY_CACHE_SECONDS) or be culled. Entries live in the `bodies`
cache: files shared by the worker processes of the machine, or Redis with REDIS_URL.
Previews and review links render without it, so drafts never enter it; a body whose
embed could not be fetched, or whose code was shown plain because highlighting ran out
of time (talks/highlighting.py), is not kept, so the next view tries again. Publishing
a talk renders its body at once, so the first reader after a publish is served from
the cache too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pygments
import wagtail
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from wagtail.blocks import StreamValue

from talks.highlighting import highlighting_budget
from talks.meta import DESCRIPTION_CHARS
from talks.richtext import linked_page_ids, page_links_resolved_as, resolve_page_links
from talks.text import body_texts, first_words

logger = logging.getLogger(__name__)

CACHE_ALIAS = "bodies"
IMAGES_GENERATION_KEY = "images-generation"
# The raw form of the rich text a block holds, by block type (as in the database).
RAW_RICH_TEXT = {"paragraph": lambda value: value, "quote": lambda value: value.get("text", "")}


def _rendering_code_digest() -> str:
    app = Path(__file__).resolve().parent
    sources = sorted((settings.BASE_DIR / "templates" / "blocks").glob("*.html"))
    modules = ["blocks.py", "block_values.py", "body.py", "highlighting.py", "richtext.py"]
    modules += ["text.py", "wagtail_hooks.py"]  # wagtail_hooks: the page link handler
    sources += [app / name for name in modules]
    digest = hashlib.sha256(f"{wagtail.__version__}:{pygments.__version__}".encode())
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


RENDERING_CODE = _rendering_code_digest()


@dataclass(frozen=True)
class RenderedBody:
    html: SafeString
    # Headings with their unique anchors: {"anchor", "text", "level"}.
    toc: tuple[dict, ...]
    words: int
    # About DESCRIPTION_CHARS from the start of the notes: the page's description when
    # it has neither a search description nor a summary.
    opening: str


def raw_rich_texts(raw_blocks: list) -> Iterator[str]:
    """The database HTML of every rich text in stored blocks, lists' items included: read
    from the raw data, so a cache hit converts no block."""
    for block in raw_blocks:
        kind, value = block.get("type"), block.get("value")
        if not value:
            continue
        if kind in RAW_RICH_TEXT:
            yield RAW_RICH_TEXT[kind](value)
        elif kind == "list":
            for item in value.get("items", []):
                # A list's items are stored as {"type": "item", "value": …} or bare.
                yield from raw_rich_texts(item.get("value", []) if isinstance(item, dict) else item)


def rendered_body(body: StreamValue, cached: bool = True) -> RenderedBody:
    """The body as the talk page shows it: from the `bodies` cache, rendered and kept on a
    miss; rendered alone when `cached` is false or the cache can't be reached."""
    raw = list(body.raw_data)
    links = resolve_page_links(linked_page_ids(raw_rich_texts(raw)))
    if not cached:
        return _render(body, links)
    cache = caches[CACHE_ALIAS]
    key = _key(cache, raw, links)
    try:
        found = cache.get(key) if key else None
    except Exception as error:
        logger.warning("Body cache unavailable, rendering: %r", error)
        return _render(body, links)
    if found is not None:
        return found
    with highlighting_budget() as highlighting:
        rendered = _render(body, links)
    if key and not _has_unfetched_embed(body) and not highlighting.timed_out:
        try:
            cache.set(key, rendered)
        except Exception as error:
            logger.warning("Body cache unavailable, body not kept: %r", error)
    return rendered


def _render(body: StreamValue, links: dict[str, str]) -> RenderedBody:
    toc = assign_anchors(body)
    with page_links_resolved_as(links), highlighting_budget():
        # Each block alone, as {% include_block %} renders it, without the page's
        # context: the block templates read only their own value.
        html = "".join(child.render() for child in body)
    texts = body_texts(body)
    return RenderedBody(
        html=mark_safe(html),  # the blocks' rendered templates
        toc=toc,
        words=sum(len(text.split()) for text in texts),
        opening=first_words(texts, DESCRIPTION_CHARS),
    )


def assign_anchors(body: StreamValue) -> tuple[dict, ...]:
    """Give each heading a unique anchor (which its block renders) and list them."""
    entries = []
    used: set[str] = set()
    for child in body:
        if child.block_type != "heading":
            continue
        base = slugify(child.value["text"]) or "section"
        anchor, counter = base, 2
        while anchor in used:
            anchor, counter = f"{base}-{counter}", counter + 1
        used.add(anchor)
        child.value._anchor = anchor
        entries.append({"anchor": anchor, "text": child.value["text"], "level": child.value.tag})
    return tuple(entries)


def _has_unfetched_embed(body: StreamValue) -> bool:
    return any(child.block_type == "embed" and not child.value.embed for child in body)


def _key(cache, raw: list[dict], links: dict[str, str]) -> str | None:
    parts = [RENDERING_CODE, json.dumps(raw, sort_keys=True, default=str)]
    parts.append(json.dumps(links, sort_keys=True))
    if any(block["type"] == "image" for block in raw):
        generation = _images_generation(cache)
        if generation is None:
            return None
        parts.append(generation)
    return "body:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _images_generation(cache) -> str | None:
    try:
        generation = cache.get(IMAGES_GENERATION_KEY)
        if generation is None:
            cache.add(IMAGES_GENERATION_KEY, uuid.uuid4().hex, None)
            generation = cache.get(IMAGES_GENERATION_KEY)
    except Exception as error:
        logger.warning("Body cache unavailable, rendering: %r", error)
        return None
    return generation


def new_images_generation(**kwargs) -> None:
    """An image changed or went: bodies showing images are rendered again."""
    try:
        caches[CACHE_ALIAS].set(IMAGES_GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception as error:
        logger.error("Could not renew the images of cached bodies: %r", error)


def warm_on_publish(sender, instance, **kwargs) -> None:
    """Render a talk's newly published body once its publish is committed."""
    transaction.on_commit(lambda: rendered_body(instance.body), robust=True)
