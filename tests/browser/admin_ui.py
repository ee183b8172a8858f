"""Steps an editor takes in Wagtail's admin, shared by the browser tests."""

from playwright.sync_api import Page, expect


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def add_block(page: Page, label: str) -> str:
    """Insert a block at the end of the body; returns its form prefix, e.g. "body-3"."""
    body = page.locator("#body-root")
    index = int(body.locator("input[name='body-count']").input_value())
    body.locator(".c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()
    expect(body.locator(f"input[name='body-{index}-type']")).to_have_value(label.lower())
    return f"body-{index}"
