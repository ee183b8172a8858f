"""Who may import and export notes, in one place.

Importing needs the role permission (`talks.import_notes`, given to Editors; with
`--publish`, `talks.publish_imported_notes`, given to Moderators) and the matching
Wagtail page permission under the home page, so a role can't import where its group
may not add or publish pages.
"""

from __future__ import annotations

from wagtail.models import Page, Site


def can_import_notes(user, publish: bool = False) -> bool:
    """Importing creates conferences under the home page (and publishes them if asked)."""
    if not user.is_authenticated or not user.has_perm("talks.import_notes"):
        return False
    if publish and not user.has_perm("talks.publish_imported_notes"):
        return False
    home = Site.objects.get(is_default_site=True).root_page
    permissions = home.permissions_for_user(user)
    return permissions.can_add_subpage() and (not publish or permissions.can_publish_subpage())


def can_export_notes(user, conference: Page) -> bool:
    return user.is_authenticated and conference.permissions_for_user(user).can_edit()
