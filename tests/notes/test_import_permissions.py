"""Importing changes a page only where its user could change it in the editor."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from talks.models import TalkPage
from talks.notes.errors import NotesError
from talks.notes.pages import import_document, plan_import
from talks.notes.reader import read_notes
from tests.factories import make_user

NOTES = """---
title: Harbour Test Conf
---

## Day 1

### A talk

Notes written {version}.
"""


def document(version: str):
    text = NOTES.format(version=version)
    return read_notes(text.encode(), "notes.md")


@pytest.fixture
def imported_talk(home):
    import_document(document("first"), publish=True)
    return TalkPage.objects.get(slug="a-talk")


def body_text(talk: TalkPage) -> str:
    return (
        TalkPage.objects.get(pk=talk.pk).get_latest_revision_as_object().body.raw_data[0]["value"]
    )


def assert_refused(user, talk, reason: str, publish: bool = False) -> None:
    with pytest.raises(NotesError) as refused:
        plan_import(document("again"), publish=publish, user=user)  # the preview says so
    assert reason in str(refused.value) and "A talk" in str(refused.value)
    revisions = talk.revisions.count()
    with pytest.raises(NotesError) as refused:
        import_document(document("again"), publish=publish, user=user)
    assert reason in str(refused.value)
    assert "line 7" in str(refused.value)  # the talk's heading
    assert talk.revisions.count() == revisions
    assert "first" in body_text(talk)


def test_a_user_who_may_only_add_pages_cannot_update_an_existing_talk(home, imported_talk):
    adder = make_user("adder")
    group = Group.objects.create(name="Adders")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=home, permission=Permission.objects.get(codename="add_page")
    )
    adder.groups.add(group)
    assert_refused(adder, imported_talk, "you may not edit it")


def test_an_editor_cannot_import_over_a_talk_a_moderator_locked(imported_talk, editor, moderator):
    imported_talk.locked, imported_talk.locked_by = True, moderator
    imported_talk.save()
    assert_refused(editor, imported_talk, "it is locked")


def test_publishing_over_someone_elses_lock_is_refused(imported_talk, moderator, superuser):
    imported_talk.locked, imported_talk.locked_by = True, superuser
    imported_talk.save()
    assert_refused(moderator, imported_talk, "it is locked", publish=True)


def test_an_editor_may_not_publish_what_they_import(imported_talk, editor):
    assert_refused(editor, imported_talk, "you may not publish it", publish=True)


def test_the_lock_holder_and_permitted_users_import_as_before(imported_talk, editor, moderator):
    imported_talk.locked, imported_talk.locked_by = True, moderator
    imported_talk.save()
    plan = import_document(document("again"), publish=True, user=moderator)
    assert plan.count("talk", "changed") == 1
    assert "again" in body_text(imported_talk)
