"""A panel on the admin home: the latest edited talks and the talks still missing details."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from talks.admin.talk_listing import EDITING_ACTIONS, missing_details_url
from talks.models import TalkPage
from talks.models.querysets import MISSING_DETAILS

ROWS = 8


def missing_details(talk: TalkPage) -> list[str]:
    """What an editor still has to fill in, from the annotations of `missing_details()`."""
    return [detail for detail in MISSING_DETAILS if getattr(talk, f"missing_{detail}")]


class TalksNeedingWorkPanel(Component):
    name = "talks_needing_work"
    template_name = "talks/admin/talks_panel.html"
    order = 150

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        talks = TalkPage.objects.for_listing().with_conference_and_day().with_speaker_flag()
        incomplete = list(talks.missing_details().recently_edited()[:ROWS])
        return {
            "latest_talks": talks.recently_edited()[:ROWS],
            "incomplete_talks": [(talk, missing_details(talk)) for talk in incomplete],
            "incomplete_total": TalkPage.objects.missing_details().count(),
            "incomplete_url": missing_details_url(),
        }


@hooks.register("construct_homepage_panels")
def add_talks_panel(request: HttpRequest, panels: list) -> None:
    if PagePermissionPolicy().user_has_any_permission(request.user, EDITING_ACTIONS):
        panels.append(TalksNeedingWorkPanel())
