"""Speakers as a snippet with the page editing experience: drafts, revisions, preview, locks."""

from __future__ import annotations

from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from talks.models import Speaker


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = "Speakers"
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "name",
        "handle",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["live"]
    search_fields = ["name", "handle"]
    ordering = ["name"]
    list_per_page = 50
    # The chooser on a talk searches by name and handle too (Speaker.search_fields).
    chooser_per_page = 20


register_snippet(SpeakerViewSet)
