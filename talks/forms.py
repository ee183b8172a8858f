"""The page editor's form for the notes pages."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

# Wagtail autosaves drafts while an editor works, so after a refused publish its header
# still says "Saved" beside the error banner; this says which is which.
REFUSED_MESSAGE = (
    "Not {refused}: readers still see the last published version. “Saved” at the top "
    "refers to your draft, which Wagtail keeps saving as you edit (the page's History "
    "lists each draft). Fix what is marked below, then {retry} again."
)
CHECKED_ACTIONS = {"action-publish": "published", "action-submit": "submitted for review"}


class NotesPageForm(WagtailAdminPageForm):
    def full_clean(self) -> None:
        super().full_clean()
        # After every clean(), the page type's own included, so all errors are known.
        action = next((action for action in CHECKED_ACTIONS if action in self.data), None)
        if action and self._errors:
            retry = "publish" if action == "action-publish" else "submit it"
            self.add_error(
                None, REFUSED_MESSAGE.format(refused=CHECKED_ACTIONS[action], retry=retry)
            )
