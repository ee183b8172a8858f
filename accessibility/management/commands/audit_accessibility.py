"""Run axe-core over every live page of the site in headless Chromium.

Wagtail's content checker looks at one page when an editor opens it; this looks at
all of them, with the rules the browser tests hold the templates to (WCAG 2.2 A/AA
and best practice), in the light and the dark colour scheme.
"""

from __future__ import annotations

import threading
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application

from accessibility.audit import BrowserUnavailable, chromium, violations_in_each_scheme

if TYPE_CHECKING:
    from playwright.sync_api import Browser

COLUMNS = ("page", "scheme", "rule", "impact", "element")


class QuietRequestHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # the table is the output
        pass


@contextmanager
def serve_site() -> Iterator[str]:
    """The site on a free loopback port, in a thread; yields its base URL."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietRequestHandler, allow_reuse_address=False)
    # Static files come from the finders, so no collectstatic is needed first.
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


SITEMAP_LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def live_urls(base_url: str) -> list[str]:
    """Every page a reader can open, as the sitemap lists them (pages and speakers)."""
    with urllib.request.urlopen(f"{base_url}/sitemap.xml") as response:
        tree = ElementTree.parse(response)
    paths = [urlsplit(loc.text or "").path for loc in tree.iter(SITEMAP_LOC)]
    return list(dict.fromkeys(paths))


def pages(count: int) -> str:
    return f"{count} page" if count == 1 else f"{count} pages"


def format_table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(row[i])) for row in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = [COLUMNS, tuple("-" * width for width in widths), *rows]
    return "\n".join(
        "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


class Command(BaseCommand):
    help = (
        "Check every live page with axe-core (WCAG 2.2 A/AA and best practice) in headless "
        "Chromium, in light and dark colour schemes. Exits 1 when anything is found, 2 when "
        "the browser is missing."
    )

    def handle(self, *args, **options):
        try:
            with chromium() as browser, serve_site() as base_url:
                urls = live_urls(base_url)
                rows = self.audit(browser, base_url, urls)
        except BrowserUnavailable as missing:
            raise CommandError(str(missing), returncode=2) from missing
        self.stdout.write(format_table(rows))
        if rows:
            raise CommandError(
                f"{len(rows)} accessibility problem(s) on {len({row[0] for row in rows})} "
                f"of {pages(len(urls))}.",
                returncode=1,
            )
        self.stdout.write(f"No accessibility problems on {pages(len(urls))}.")

    def audit(self, browser: Browser, base_url: str, urls: list[str]) -> list[tuple[str, ...]]:
        rows = []
        context = browser.new_context(base_url=base_url)
        tab = context.new_page()
        for url in urls:
            tab.goto(url)
            for scheme, violations in violations_in_each_scheme(tab).items():
                for violation in violations:
                    for node in violation["nodes"]:
                        element = " ".join(str(part) for part in node["target"])
                        rows.append((url, scheme, violation["id"], violation["impact"], element))
        context.close()
        return rows
