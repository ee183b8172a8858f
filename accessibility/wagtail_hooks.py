"""Swap this site's content checker in for Wagtail's default; the admin's own CSS."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks
from wagtail.admin.userbar import ContentCheckerItem

from accessibility.checker import NotesContentChecker


@hooks.register("construct_wagtail_userbar")
def use_notes_content_checker(request, items, page):
    """This site's checker in the userbar and in the editor's Checks panel alike."""
    items[:] = [
        NotesContentChecker(in_editor=item.in_editor)
        if isinstance(item, ContentCheckerItem) and not isinstance(item, NotesContentChecker)
        else item
        for item in items
    ]


@hooks.register("insert_global_admin_css")
def admin_css() -> SafeString:
    """Where Wagtail's admin markup fails an axe rule that a style can put right."""
    return format_html('<link rel="stylesheet" href="{}">', static("accessibility/admin.css"))
