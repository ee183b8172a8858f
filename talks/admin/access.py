"""Who may act on a talk from the admin views of this app."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from talks.models import TalkPage


def editable_talk(request: HttpRequest, page_id: int) -> TalkPage:
    """The talk, if this user may edit it (sharing or pasting into its draft is editing)."""
    talk = get_object_or_404(TalkPage, pk=page_id)
    if not talk.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return talk
