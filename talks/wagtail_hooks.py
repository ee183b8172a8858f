"""Admin and rich-text hooks of the talks app.

The speakers snippet, the Talks listing and the dashboard panel live in talks/admin/ and
register themselves on import.
"""

from django.urls import path, reverse
from django.utils.html import escape
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.converters.html_to_contentstate import PageLinkElementHandler
from wagtail.admin.widgets import Button
from wagtail.rich_text.pages import PageLinkHandler

from talks.admin import (  # noqa: F401  (they register on import)
    dashboard,
    explorer,
    markdown,
    review_links,
    speakers,
    talk_listing,
)
from talks.models import ConferencePage
from talks.notes.permissions import can_export_notes, can_import_notes
from talks.notes.views import ImportNotesView, export_notes_view, export_url
from talks.richtext import resolved_page_urls

# Rich text ---------------------------------------------------------------------------


class BatchedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, answering from the links the page resolved up front."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        resolved = resolved_page_urls()
        if resolved is None:
            return super().expand_db_attributes_many(attrs_list)
        tags = []
        for attrs in attrs_list:
            url = resolved.get(str(attrs.get("id")))
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags


class BatchedPageLinkElementHandler(PageLinkElementHandler):
    """Wagtail's page links on their way to Draft.js, which the read API's Markdown formats
    go through, answering from the links resolved up front (Wagtail reads each link's
    page and its parent: three queries a link)."""

    def get_attribute_data(self, attrs: dict) -> dict:
        resolved = resolved_page_urls()
        if resolved is None:
            return super().get_attribute_data(attrs)
        # parentId only serves the editor's link chooser, which never reads resolved links.
        return {"id": attrs.get("id"), "url": resolved.get(str(attrs.get("id"))) or None}


@hooks.register("register_rich_text_features", order=100)
def resolve_page_links_in_batches(features) -> None:
    # order=100: registered after Wagtail's own page link handlers, which these replace.
    features.register_link_type(BatchedPageLinkHandler)
    link_rule = features.converter_rules_by_converter["contentstate"]["link"]
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            **link_rule,
            "from_database_format": {
                **link_rule["from_database_format"],
                'a[linktype="page"]': BatchedPageLinkElementHandler("LINK"),
            },
        },
    )


# Notes import and export ---------------------------------------------------------------


@hooks.register("register_admin_urls")
def notes_admin_urls():
    return [
        path("notes/import/", ImportNotesView.as_view(), name="talks_import_notes"),
        path("notes/export/<int:page_id>/", export_notes_view, name="talks_export_notes"),
    ]


class ImportNotesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import_notes(request.user)


@hooks.register("register_admin_menu_item")
def import_notes_menu_item():
    return ImportNotesMenuItem(
        "Import notes", reverse("talks_import_notes"), icon_name="upload", order=250
    )


def export_button(page, user, priority: int):
    if isinstance(page.specific_deferred, ConferencePage) and can_export_notes(user, page):
        yield Button(
            "Export as Markdown", export_url(page), icon_name="download", priority=priority
        )


@hooks.register("register_page_header_buttons")
def export_header_button(page, user, view_name, next_url=None):
    yield from export_button(page, user, priority=75)


@hooks.register("register_page_listing_more_buttons")
def export_listing_button(page, user, next_url=None):
    yield from export_button(page, user, priority=75)
