"""Swap this site's content checker in for Wagtail's default."""

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
