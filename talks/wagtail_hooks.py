"""Admin entry points for the notes import and export."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from talks.models import ConferencePage
from talks.notes.permissions import can_export_notes, can_import_notes
from talks.notes.views import ImportNotesView, export_notes_view, export_url


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
