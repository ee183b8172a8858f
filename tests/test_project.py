"""The project is in a shippable state: checks, migrations, lint, demo content."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from talks.models import ConferencePage, DayPage, TalkPage

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
    assert used == {"heading", "paragraph", "quote", "code", "table", "image", "embed"}

    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "left unchanged" in out.getvalue()
    assert TalkPage.objects.descendant_of(conference).count() == talks.count()
    for page in [conference, *DayPage.objects.all(), *talks]:
        assert client.get(page.url).status_code == 200


def test_ensure_admin_creates_one_login_and_prints_it(db):
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    assert "user: admin  password: " in out.getvalue()
    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert "already exists" in again.getvalue()
