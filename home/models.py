from __future__ import annotations

from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from talks.blocks import RICH_TEXT_FEATURES
from talks.models import ConferencePage


class HomePage(Page):
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

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        # No page type below the site root customises routing, so the whole path
        # resolves with one lookup on url_path instead of two queries per tree level.
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        page = Page.objects.filter(url_path=url_path).first()
        if page is None:
            raise Http404
        return page.specific.route(request, [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["conferences"] = (
            ConferencePage.objects.visible().child_of(self).newest_first().select_related("logo")
        )
        return context
