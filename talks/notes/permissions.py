"""Who may import and export notes: Wagtail page permissions, in one place.

Editor roles plug in here: both checks ask the page-permission system, so granting a
group "add" (and "publish") under the home page is what lets its members import.
"""

from __future__ import annotations

from wagtail.models import Page, Site


def can_import_notes(user, publish: bool = False) -> bool:
    """Importing creates conferences under the home page (and publishes them if asked)."""
    if not user.is_authenticated:
        return False
    home = Site.objects.get(is_default_site=True).root_page
    permissions = home.permissions_for_user(user)
    return permissions.can_add_subpage() and (not publish or permissions.can_publish_subpage())


def can_export_notes(user, conference: Page) -> bool:
    return user.is_authenticated and conference.permissions_for_user(user).can_edit()
