"""The project is in a shippable state: checks, migrations, lint, demo content."""

import os
import subprocess
import sys
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from talks.block_values import code
from talks.models import ConferencePage, DayPage, TalkPage
from tests.factories import TalkPageFactory

ROOT = Path(__file__).resolve().parent.parent


def test_system_checks_pass(db):
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


def test_models_and_migrations_agree(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_is_clean(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_content_has_every_block_type_and_loads_once(client, db):
    call_command("load_demo", stdout=StringIO())
    conference = ConferencePage.objects.get(slug="harbour-python-2026")
    assert DayPage.objects.child_of(conference).count() == 2
    talks = TalkPage.objects.descendant_of(conference)
    used = {child.block_type for talk in talks for child in talk.body}
    assert used == {"heading", "paragraph", "list", "quote", "code", "table", "image", "embed"}

    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "left unchanged" in out.getvalue()
    assert TalkPage.objects.descendant_of(conference).count() == talks.count()
    for page in [conference, *DayPage.objects.all(), *talks]:
        assert client.get(page.url).status_code == 200


def test_demo_content_is_found_by_search_and_its_image_knows_where_it_is_used(client, db):
    call_command("load_demo", stdout=StringIO())
    talks = TalkPage.objects.live()
    for talk in talks:
        found = client.get("/search/", {"q": talk.title}).context["results"]
        assert talk.pk in {result.pk for result in found}, talk.title
    image = get_image_model().objects.get(title="Harbour Python stage")
    users = {ref.object_id for ref in ReferenceIndex.get_references_to(image)}
    showing_it = {str(t.pk) for t in talks if any(b.block_type == "image" for b in t.body)}
    assert showing_it and users == showing_it


def test_migration_0007_makes_the_old_plain_text_choice_no_language(day):
    talk = TalkPageFactory(parent=day, body=[code("x = 1", "plain"), code("y = 2", "python")])
    talk.body = [code("draft", "plain")]
    talk.save_revision()
    migration = import_module("talks.migrations.0008_list_block_free_code_language_strikethrough")
    [data_migration] = [
        operation
        for operation in migration.Migration.operations
        if isinstance(operation, MigrateStreamData)
    ]
    data_migration.code(apps, None)

    talk = TalkPage.objects.get(pk=talk.pk)
    assert [child.value["language"] for child in talk.body] == ["", "python"]
    assert talk.get_latest_revision_as_object().body[0].value["language"] == ""


def test_ensure_admin_creates_one_login_and_prints_it(db):
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "user: admin  password: " in out.getvalue()
    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert "already exists" in again.getvalue()


def test_a_test_process_takes_its_media_and_page_cache_folders_away_when_it_exits():
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "(settings.MEDIA_ROOT / 'upload.jpg').write_bytes(b'x'); "
        "print(settings.MEDIA_ROOT); print(settings.PAGE_CACHE_DIR)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PAGE_CACHE_DIR": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    media, pages = (Path(line) for line in result.stdout.split())
    assert media.name.startswith("conference-notes-media-")
    assert pages.name.startswith("conference-notes-pages-")
    assert not media.exists() and not pages.exists()


def test_a_page_cache_folder_handed_to_a_test_process_outlives_it(tmp_path):
    script = "import django; django.setup(); from django.conf import settings"
    subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PAGE_CACHE_DIR": str(tmp_path),
        },
        check=True,
    )
    assert tmp_path.is_dir()
