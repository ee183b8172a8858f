"""Wagtail's content checker, configured for conference notes.

One item serves the userbar on the published site and the Checks panel of the
editor (`in_editor`): `accessibility/wagtail_hooks.py` swaps it in for Wagtail's default.
The checker runs axe-core in the browser; this module only builds its configuration,
and `static/accessibility/content-checks.js` holds the JavaScript of this site's own checks.
"""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.admin.userbar import ContentCheckerItem

from accessibility.rules import (
    FILENAME_LIKE,
    MAX_ALT_TEXT_LENGTH,
    REDUNDANT_PREFIX,
    WCAG_AXE_TAGS,
)

# Only the notes an editor writes are checked against the site rules: the header,
# navigation and footer are templates, which the browser tests hold to WCAG.
MAIN_CONTENT = "main"
CONTENT_HEADINGS = ", ".join(f"{MAIN_CONTENT} h{level}" for level in range(1, 7))
VAGUE_LINK_TEXTS = ["click here", "here", "read more", "more", "link", "this link"]
BARE_URL = r"^(https?://|www\.)\S+$"

# Added to Wagtail's default rules for editors (which already include alt-text-quality).
# This list is the switch for editors: axe runs every rule runOnly names, whatever the
# rule's "enabled" says (that key is kept because Wagtail asks every custom rule for it).
SITE_RULES = [
    "notes-alt-text-length",
    "notes-heading-sequence",
    "notes-link-text",
    "notes-table-headers",
]


class NotesContentChecker(ContentCheckerItem):
    """The checker with this site's rules, and the full WCAG set for superusers."""

    axe_custom_checks = [
        # Wagtail's own alt-text check, given the same patterns the image block refuses
        # on save (its default also flags every underscore, which is often fine).
        {
            "id": "check-image-alt-text",
            "options": {"pattern": f"{FILENAME_LIKE.pattern}|{REDUNDANT_PREFIX.pattern}"},
        },
        {"id": "check-empty-meta-description"},
        {"id": "notes-alt-text-length", "options": {"maxLength": MAX_ALT_TEXT_LENGTH}},
        {"id": "notes-heading-sequence", "options": {"headings": CONTENT_HEADINGS}},
        {"id": "notes-link-text", "options": {"vague": VAGUE_LINK_TEXTS, "bareUrl": BARE_URL}},
        {"id": "notes-table-headers"},
    ]

    axe_custom_rules = [
        # Alt text that is a file name ("IMG_0042.jpg") or starts with "image of" tells
        # a screen-reader user nothing the browser doesn't already say.
        {
            "id": "alt-text-quality",
            "impact": "serious",
            "selector": f"{MAIN_CONTENT} img[alt]",
            "tags": ["best-practice", "notes"],
            "any": ["check-image-alt-text"],
            "enabled": True,
        },
        # Screen readers read alt text in one breath and can't pause or skim it; past
        # 150 characters the description belongs in the caption.
        {
            "id": "notes-alt-text-length",
            "impact": "moderate",
            "selector": f"{MAIN_CONTENT} img[alt]",
            "tags": ["best-practice", "notes"],
            "any": ["notes-alt-text-length"],
            "enabled": True,
        },
        # Many screen-reader users move through a page by its headings; a skipped level
        # (h2 then h4) reads as a missing section. Limited to the main content, which
        # is what the editor wrote.
        {
            "id": "notes-heading-sequence",
            "impact": "moderate",
            "selector": CONTENT_HEADINGS,
            "tags": ["best-practice", "notes"],
            "any": ["notes-heading-sequence"],
            "enabled": True,
        },
        # Screen-reader users often list a page's links out of context: "click here",
        # "read more" or a spelled-out URL says nothing about where the link goes.
        {
            "id": "notes-link-text",
            "impact": "serious",
            "selector": f"{MAIN_CONTENT} a[href]",
            "tags": ["best-practice", "notes"],
            "any": ["notes-link-text"],
            "enabled": True,
        },
        # Without a caption and header cells a screen reader reads a table as a stream
        # of numbers: the caption names it, headers label every cell.
        {
            "id": "notes-table-headers",
            "impact": "serious",
            "selector": f"{MAIN_CONTENT} table",
            "tags": ["best-practice", "notes"],
            "any": ["notes-table-headers"],
            "enabled": True,
        },
        # Wagtail's SEO rule, kept: an empty meta description is the editor's to fill.
        {
            "id": "empty-meta-description",
            "impact": "moderate",
            "selector": "h1",
            "tags": ["seo"],
            "any": ["check-empty-meta-description"],
            "enabled": True,
        },
    ]

    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "alt-text-quality": {
            "error_name": "Alt text is a file name or starts with “image of”",
            "help_text": "Describe what the image shows in this talk; screen readers already say it is an image.",
        },
        "notes-alt-text-length": {
            "error_name": f"Alt text is longer than {MAX_ALT_TEXT_LENGTH} characters",
            "help_text": "Keep the alt text short and move the details into the caption.",
        },
        "notes-heading-sequence": {
            "error_name": "A heading level is skipped",
            "help_text": "Go down one level at a time (h2, then h3, then h4); change the heading's level in the body.",
        },
        "notes-link-text": {
            "error_name": "Link text doesn't say where it goes",
            "help_text": "Replace “click here”, “read more” or a bare URL with words naming the target, e.g. “the talk's slides”.",
        },
        "notes-table-headers": {
            "error_name": "Table has no caption or header cells",
            "help_text": "Give the table a caption and mark its first row or column as headers.",
        },
    }

    def get_axe_run_only(self, request: HttpRequest) -> list[str]:
        """Editors see the problems they can fix in their notes; superusers, who also
        own the templates, see every WCAG 2.2 A/AA and best-practice rule as well."""
        user = getattr(request, "user", None)
        if user is not None and user.is_superuser:
            return [*WCAG_AXE_TAGS, "notes", "seo"]
        return [*super().get_axe_run_only(request), *SITE_RULES]

    class Media:
        js = ["accessibility/content-checks.js"]
