"""The admin pages editors use have no axe violations (WCAG 2.2 A/AA and best practice).

Findings in Wagtail's own markup that the site can't change are listed in
KNOWN_WAGTAIL_ISSUES with the Wagtail issue that tracks them (also in the README).
"""

import pytest
from playwright.sync_api import Browser, Page

from home.models import HomePage
from talks.models import ConferencePage, DayPage, ReviewLink, TalkPage
from tests.browser.admin_ui import log_in
from tests.browser.conftest import (
    COLOUR_SCHEMES,
    axe_violations,
    new_tab,
    report,
    violations_by_scheme,
)
from tests.factories import make_user

# Findings in Wagtail's own admin markup: rule id → (the Wagtail elements it may be
# reported on, the Wagtail issue). A finding on any other element fails the test.
KNOWN_WAGTAIL_ISSUES: dict[str, tuple[str, str]] = {
    # Draftail's contenteditable textbox isn't named by its field's label.
    "aria-input-field-name": (".DraftEditor-root *", "wagtail/wagtail#14205"),
    # A StreamField block that is a single field (our embed URL) renders no <label>.
    "label": (
        "[data-contentpath] > [data-streamfield-child] input, "
        "[data-streamfield-stream-container] input[id$='-value']",
        "wagtail/wagtail#11179",
    ),
}


def site_violations(page: Page) -> list[dict]:
    """axe's violations, less the nodes that are Wagtail's own known issues."""
    found = []
    for violation in axe_violations(page):
        known = KNOWN_WAGTAIL_ISSUES.get(violation["id"])
        nodes = [
            node
            for node in violation["nodes"]
            if not known
            or not page.evaluate(
                "([target, selector]) => document.querySelector(target)?.matches(selector)",
                [node["target"][0], known[0]],
            )
        ]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


def editor_pages() -> dict[str, str]:
    talk = TalkPage.objects.live().first()
    link = ReviewLink.create_for(talk, None)
    pages = {
        f"page editor: {model.__name__}": f"/admin/pages/{model.objects.first().pk}/edit/"
        for model in (HomePage, ConferencePage, DayPage, TalkPage)
    }
    return {
        **pages,
        "new talk": f"/admin/pages/add/talks/talkpage/{talk.get_parent().pk}/",
        "Talks listing": "/admin/talks/talkpage/",
        "Talks listing, missing details": "/admin/talks/talkpage/?missing=any",
        "Import notes": "/admin/notes/import/",
        "review links": f"/admin/talks/{talk.pk}/review-links/",
        "review draft (public)": link.get_absolute_url(),
        "dashboard": "/admin/",
        "explorer: a conference's days": f"/admin/pages/{ConferencePage.objects.first().pk}/",
    }


def open_admin_page(page: Page, url: str) -> None:
    assert page.goto(url).status == 200, url
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="module")
def findings(browser: Browser, demo_server: str, django_db_blocker) -> dict[str, dict[str, str]]:
    """What axe finds on the pages a moderator uses, by colour scheme and then page: every
    page is opened once and checked in both schemes."""
    with django_db_blocker.unblock():
        make_user("mona", group="Moderators")
        pages = editor_pages()
    with new_tab(browser, demo_server) as tab:
        log_in(tab, "mona", "password")
        found = violations_by_scheme(tab, list(pages.values()), site_violations, open_admin_page)
    names = {url: name for name, url in pages.items()}
    return {
        scheme: {f"{names[url]} ({url})": text for url, text in by_url.items()}
        for scheme, by_url in found.items()
    }


@pytest.mark.parametrize("scheme", COLOUR_SCHEMES)
def test_admin_pages_editors_use_have_no_axe_violations(findings, scheme):
    assert findings[scheme] == {}, report(findings[scheme])
