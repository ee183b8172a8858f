"""The page editor's form for the notes pages, and its widgets."""

from __future__ import annotations

import json

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminTagWidget

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


class NamedTagWidget(AdminTagWidget):
    """Wagtail's tag field, whose typing box has an accessible name.

    The jQuery tag-it plugin types into an input of its own that the field's <label>
    (tied to the hidden original) doesn't name; of the attributes the plugin's options can
    put on that input, only a placeholder names it, and screen readers announce it.
    """

    PLACEHOLDER = "Add tags"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        options = json.loads(widget_attrs["data-w-tag-options-value"])
        widget_attrs["data-w-tag-options-value"] = json.dumps(
            {**options, "placeholderText": self.PLACEHOLDER}
        )
        return context
