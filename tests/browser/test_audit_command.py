"""`manage.py audit_accessibility` as an operator runs it: its own server and browser,
over the pages of the test database (committed, so its server thread reads them)."""

import threading
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Site

from accessibility.audit import violations_in_each_scheme
from tests.factories import ConferencePageFactory, DayPageFactory, TalkPageFactory


def audit() -> tuple[int, str]:
    """The command's exit code and its output. It runs in a thread of its own because
    Playwright's sync API drives one browser per thread, and this thread has the session's."""
    outcome: dict = {}

    def run() -> None:
        stdout = StringIO()
        try:
            call_command("audit_accessibility", stdout=stdout)
            outcome["code"], outcome["output"] = 0, stdout.getvalue()
        except CommandError as error:
            outcome["code"], outcome["output"] = error.returncode, f"{stdout.getvalue()}\n{error}"
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=300)
    assert "code" in outcome, "audit_accessibility did not finish"
    return outcome["code"], outcome["output"]


def table_rows(output: str) -> list[list[str]]:
    lines = output.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.split() == ["page", "scheme", "rule", "impact", "element"]
    )
    return [line.split(None, 4) for line in lines[start + 2 :] if line.startswith("/")]


def add_small_site_with_an_empty_link() -> None:
    """A conference, a day and two talks, one of them with a link that has no text. The
    demo pages themselves are held to axe in test_accessibility.py; this checks the command."""
    home = Site.objects.get(is_default_site=True).root_page
    conference = ConferencePageFactory(parent=home, title="Audit Conf", slug="audit-conf")
    day = DayPageFactory(parent=conference, title="Day 1", slug="day-1")
    slides = '<p>Slides: <a href="https://x.example/">{}</a></p>'
    TalkPageFactory(
        parent=day,
        title="A fine talk",
        slug="fine",
        body=[{"type": "paragraph", "value": slides.format("the slides")}],
    )
    TalkPageFactory(
        parent=day,
        title="A talk with an empty link",
        slug="empty-link",
        body=[{"type": "paragraph", "value": slides.format("")}],
    )


def test_audit_is_clean_on_a_clean_site_and_lists_a_page_with_an_empty_link(
    browser,  # Chromium must be there (fails under CI)
    transactional_db,
):
    code, output = audit()
    assert code == 0, output
    assert table_rows(output) == []
    # The home page and the (empty) speakers and tags indexes.
    assert "No accessibility problems on 3 pages." in output

    add_small_site_with_an_empty_link()
    code, output = audit()
    assert code == 1, output
    rows = table_rows(output)
    assert {row[0] for row in rows} == {"/audit-conf/day-1/empty-link/"}
    # Reported once: the dark scheme is checked again for colours only.
    assert ("light", "link-name") in {(row[1], row[2]) for row in rows}
    assert ("dark", "link-name") not in {(row[1], row[2]) for row in rows}
    assert all(row[3] in {"minor", "moderate", "serious", "critical"} for row in rows)
    assert "accessibility problem(s) on 1 of 7 pages" in output


# The colours ease over half a minute: axe must see where the dark ones end, not the light
# ones they start from (nor wait the half minute).
DARK_ONLY_CONTRAST_PROBLEM = """<!doctype html><html lang="en"><head><title>Schemes</title>
<meta name="color-scheme" content="light dark"><style>
body { color: #111; background: #fff; transition: color 30s, background-color 30s; }
@media (prefers-color-scheme: dark) { body { color: #333; background: #000; } }
</style></head><body><main><h1>Notes</h1><p>Readable in light only.</p></main></body></html>"""


def test_a_contrast_problem_of_the_dark_scheme_only_is_found_in_the_dark_scheme(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(DARK_ONLY_CONTRAST_PROBLEM)
    found = violations_in_each_scheme(page)
    context.close()
    assert found["light"] == []
    assert [violation["id"] for violation in found["dark"]] == ["color-contrast"]
