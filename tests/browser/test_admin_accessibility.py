"""The admin pages editors use have no axe violations (WCAG 2.2 A/AA and best practice).

Findings in Wagtail's own markup that the site can't change are listed in
KNOWN_WAGTAIL_ISSUES with the Wagtail issue that tracks them (also in the README).
"""

from playwright.sync_api import Page

from home.models import HomePage
from talks.models import ConferencePage, DayPage, ReviewLink, TalkPage
from tests.browser.admin_ui import log_in
from tests.browser.conftest import describe, loaded_in_turn, violations_in_each_scheme
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


def site_violations(page: Page) -> dict[str, list[dict]]:
    """axe's violations in each colour scheme, less the nodes that are Wagtail's own
    known issues."""
    found = {}
    for scheme, violations in violations_in_each_scheme(page).items():
        for violation in violations:
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
                found.setdefault(scheme, []).append({**violation, "nodes": nodes})
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


def test_admin_pages_editors_use_have_no_axe_violations_in_either_colour_scheme(page: Page, demo):
    make_user("mona", group="Moderators")
    log_in(page, "mona", "password")
    pages = editor_pages()
    names = {url: name for name, url in pages.items()}
    assert len(names) == len(pages)  # one URL each, so each page is named by its URL
    found = {}
    # Settled once the page stops fetching: the editors' forms are still building their
    # side panels and minimap for half a second after the load event.
    for url, tab, response in loaded_in_turn(page, list(pages.values()), until="quiet"):
        assert response is not None and response.status == 200, names[url]
        for scheme, violations in site_violations(tab).items():
            found[f"{names[url]} ({url}, {scheme})"] = describe(violations)
    assert found == {}, "\n".join(f"{name}:\n{text}" for name, text in found.items())
