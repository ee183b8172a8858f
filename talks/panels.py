"""Editor panels of the talk page that show more than a form field."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.panels import Panel


class ReviewLinkPanel(Panel):
    """Whether a speaker can read this talk's draft through a review link, and where to share one."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "talks/admin/review_link_panel.html"

        def is_shown(self) -> bool:
            # A page that was never saved has no draft to share.
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["active_link"] = self.instance.review_links.active().lasting_longest().first()
            context["manage_url"] = reverse("talks_review_links", args=[self.instance.pk])
            return context


class MarkdownPanel(Panel):
    """Where to paste Markdown into the notes, or copy them as Markdown."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "talks/admin/markdown_panel.html"

        def is_shown(self) -> bool:
            return bool(self.instance.pk)  # the Markdown page saves a draft of a saved talk

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["markdown_url"] = reverse("talks_markdown", args=[self.instance.pk])
            return context
