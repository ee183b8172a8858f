"""The site root every other page hangs from, recreated if it is missing."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage


@transaction.atomic
def ensure_site_root() -> HomePage:
    """Return the default site's HomePage, creating the tree root, page and site if absent.

    The home migration creates them on a new database; this repairs a database whose
    pages were removed (or flushed by transactional tests) so demo loading still works.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
    home = HomePage.objects.first() or root.add_child(
        instance=HomePage(title=settings.WAGTAIL_SITE_NAME, slug="home")
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    return home
