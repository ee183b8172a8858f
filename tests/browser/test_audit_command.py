"""`manage.py audit_accessibility` as an operator runs it: its own server, database and browser."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A conference, a day and two talks, one of them with a link that has no text. The demo
# pages themselves are held to axe in test_accessibility.py; this checks the command.
SMALL_SITE_WITH_AN_EMPTY_LINK = """
from home.site_root import ensure_site_root
from talks.models import ConferencePage, DayPage, TalkPage
conference = ensure_site_root().add_child(instance=ConferencePage(title="Audit Conf", slug="audit-conf"))
day = conference.add_child(instance=DayPage(title="Day 1", slug="day-1"))
day.add_child(instance=TalkPage(title="A fine talk", slug="fine", body=[
    {"type": "paragraph", "value": '<p>Slides: <a href="https://x.example/">the slides</a></p>'},
]))
day.add_child(instance=TalkPage(title="A talk with an empty link", slug="empty-link", body=[
    {"type": "paragraph", "value": '<p>Slides: <a href="https://x.example/"></a></p>'},
]))
"""


@pytest.fixture
def fresh_site(tmp_path, browser):  # `browser`: Chromium must be there (fails under CI)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage("migrate", "--noinput", env=env)
    return env


def manage(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def table_rows(output: str) -> list[list[str]]:
    lines = output.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.split() == ["page", "scheme", "rule", "impact", "element"]
    )
    return [line.split(None, 4) for line in lines[start + 2 :] if line.startswith("/")]


def test_audit_is_clean_on_a_clean_site_and_lists_a_page_with_an_empty_link(fresh_site):
    clean = manage("audit_accessibility", env=fresh_site, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert table_rows(clean.stdout) == []
    # The home page and the (empty) speakers and tags indexes.
    assert "No accessibility problems on 3 pages." in clean.stdout

    manage("shell", "-c", SMALL_SITE_WITH_AN_EMPTY_LINK, env=fresh_site)
    found = manage("audit_accessibility", env=fresh_site, check=False)
    assert found.returncode == 1, found.stdout + found.stderr
    rows = table_rows(found.stdout)
    assert {row[0] for row in rows} == {"/audit-conf/day-1/empty-link/"}
    assert {(row[1], row[2]) for row in rows} >= {("light", "link-name"), ("dark", "link-name")}
    assert all(row[3] in {"minor", "moderate", "serious", "critical"} for row in rows)
    assert "accessibility problem(s) on 1 of 7 pages" in found.stderr
