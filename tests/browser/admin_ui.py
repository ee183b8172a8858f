"""Steps an editor takes in Wagtail's admin, shared by the browser tests."""

from urllib.parse import urlencode, urlsplit

from playwright.sync_api import Page, expect


def log_in(page: Page, username: str, password: str, then: str = "/admin/") -> None:
    """Sign in on Wagtail's login form, which sends the editor on to `then` (a path): the
    dashboard, or the page they had asked for."""
    page.goto(f"/admin/login/?{urlencode({'next': then})}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: urlsplit(url).path == then)


def add_block(page: Page, label: str) -> str:
    """Insert a block at the end of the body; returns its form prefix, e.g. "body-3"."""
    body = page.locator("#body-root")
    index = int(body.locator("input[name='body-count']").input_value())
    body.locator(".c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()
    expect(body.locator(f"input[name='body-{index}-type']")).to_have_value(label.lower())
    return f"body-{index}"
