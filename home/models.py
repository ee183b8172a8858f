from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.page_types import LoadedFromRowsDirectly
from core.page_urls import MemoizedUrlParts
from core.view_restrictions import OneQueryViewRestrictions
from talks.blocks import RICH_TEXT_FEATURES
from talks.models import ConferencePage


class HomePage(LoadedFromRowsDirectly, MemoizedUrlParts, OneQueryViewRestrictions, Page):
    """The site root: an introduction and every conference, newest first."""

    intro = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="A sentence or two about these notes."
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["talks.ConferencePage"]
    max_count = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["conferences"] = (
            ConferencePage.objects.visible()
            .child_of(self)
            .newest_first()
            .select_related("logo")
            .compiled_once("conferences on the home page")
        )
        return context
