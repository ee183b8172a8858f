"""axe-core in headless Chromium: shared by the browser tests and `audit_accessibility`.

Playwright and the axe-core script (the `axe-playwright-python` wheel) are development
dependencies, so they are imported only when a browser is actually started.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from accessibility.rules import WCAG_AXE_TAGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Debian's headless shell is the same Blink without the windowed browser around it: a page
# costs it about half the CPU (the browser tests ran in 80 s instead of 117). The full
# browser, run headless, is the fallback.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
FULL_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# The rules whose outcome depends on colours, the one thing a colour scheme changes; the
# rest (structure, names, roles, focus order) give the same answer in either scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
INSTALL_HINT = (
    "Install the development dependencies (`make setup-dev`) for Playwright and axe-core, "
    "and Debian's headless Chromium with `apt-get install -y chromium-headless-shell` "
    "(`make browser` does so as root), or point CHROMIUM_PATH at another Chromium."
)


def chromium_path() -> str:
    """CHROMIUM_PATH if set, else the headless shell if installed, else Debian's Chromium."""
    if configured := os.environ.get("CHROMIUM_PATH"):
        return configured
    return HEADLESS_SHELL if Path(HEADLESS_SHELL).exists() else FULL_CHROMIUM


class BrowserUnavailable(RuntimeError):
    """Playwright, axe-core or Chromium is missing; the message says how to install it."""


def axe_script() -> Path:
    try:
        import axe_playwright_python
    except ImportError as error:
        raise BrowserUnavailable(f"axe-core is not installed. {INSTALL_HINT}") from error
    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright (which can't download its own here)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserUnavailable(f"Playwright is not installed. {INSTALL_HINT}") from error
    executable = chromium_path()
    if not Path(executable).exists():
        raise BrowserUnavailable(f"Chromium not found at {executable}. {INSTALL_HINT}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Page, tags: list[str] | None = None) -> list[dict]:
    """Run the real axe-core in the page; returns its violations (empty when clean)."""
    return run_axe(page, {"type": "tag", "values": tags or WCAG_AXE_TAGS})


def violations_in_each_scheme(page: Page) -> dict[str, list[dict]]:
    """axe's violations on the loaded page in the light scheme, then in the dark one.

    One page load for both: after every rule in light, the page is switched to dark (CSS
    follows `prefers-color-scheme` live) and only the colour rules run again.
    """
    show_scheme(page, "light")
    found = {"light": axe_violations(page)}
    show_scheme(page, "dark")
    found["dark"] = run_axe(page, {"type": "rule", "values": COLOUR_RULES})
    return found


def show_scheme(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    # Colours may ease in over a CSS transition; axe must see where they end, so each
    # transition is taken to its end at once rather than waited for (Wagtail's admin eases
    # for about a third of a second, on every page in each scheme). (getAnimations()
    # brings styles up to date first, so it sees the transitions the switch started.)
    page.evaluate(
        "() => document.getAnimations()"
        ".filter(a => a instanceof CSSTransition).forEach(a => a.finish())"
    )


def run_axe(page: Page, run_only: dict) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    # Passes and inapplicable rules keep one node each instead of every node with its
    # selector, the slow tail of a run on a large page (the admin's editor); only the
    # violations come back from the browser.
    options = json.dumps({"runOnly": run_only, "resultTypes": ["violations"]})
    return page.evaluate(f"async () => (await axe.run(document, {options})).violations")
