"""Who may act on a talk from the admin views of this app."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from talks.models import TalkPage


def editable_talk(request: HttpRequest, page_id: int) -> TalkPage:
    """The talk, if this user may edit it (sharing or pasting into its draft is editing)."""
    talk = get_object_or_404(TalkPage, pk=page_id)
    if not talk.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return talk


class TalkFormView(WagtailAdminTemplateMixin, FormView):
    """An admin form about one talk, for people who may edit it; linked from its editor."""

    breadcrumb_label = ""

    def dispatch(self, request, *args, **kwargs):
        self.talk = editable_talk(request, kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.talk.pk])

    def get_page_subtitle(self) -> str:
        return self.talk.draft_title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.edit_url, "label": self.talk.draft_title},
            {"url": "", "label": self.breadcrumb_label},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, talk=self.talk, edit_url=self.edit_url)
