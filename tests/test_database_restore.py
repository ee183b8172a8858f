"""The test database's restore (tests/database.py), which every test that commits relies on."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.models import Page, Workflow, WorkflowState

from tests.database import restore_initial_data
from tests.factories import TalkPageFactory, make_user


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_and_restore_a_submitted_page_is_recorded_as_a_page():
    # As pytest-django's flush after a committing test: its post_migrate signal makes
    # every content type again, under new ids, and this process caches them.
    call_command("flush", interactive=False, verbosity=0)
    assert ContentType.objects.get_for_model(Page)
    restore_initial_data()

    editor = make_user("eddie", group="Editors")
    talk = TalkPageFactory(parent=Page.objects.get(depth=2), title="After the restore")
    talk.save_revision(user=editor)
    started = Workflow.objects.get(name="Conference notes review").start(talk, editor)

    # The rows as saved: the workflow is on a page (a stale cache gave it another
    # model's content type, and Wagtail later finds no page to review).
    saved = WorkflowState.objects.select_related("base_content_type").get(pk=started.pk)
    assert saved.base_content_type.model_class() is Page
    assert saved.content_object.specific == talk
