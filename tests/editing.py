"""Helpers for tests that drive Wagtail's page editor through the test client."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield


def edit_form(client, page, body: list[tuple[str, object]] | None = None, **changes) -> QueryDict:
    """The page editor's form as the browser would submit it, with some fields changed."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The StreamField's blocks live in JavaScript, not in inputs: a page with a body needs
    # the body given as the editor's form values, (block type, value) pairs (the browser
    # tests drive the real StreamField editor).
    if body is None:
        assert not getattr(page.specific, "body", None), "give edit_form the page's body"
    if hasattr(page.specific, "body"):
        data.update(nested_form_data({"body": streamfield(body or [])}))
    for name, value in changes.items():
        data[name] = value
    return data


def submit_edit(
    client, page, action: str | None = None, body: list[tuple[str, object]] | None = None, **changes
):
    """Save the editor's form; action is "publish", "submit" (for moderation) or None (draft)."""
    data = edit_form(client, page, body, **changes)
    if action:
        data[f"action-{action}"] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
