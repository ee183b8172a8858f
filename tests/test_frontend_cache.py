"""Publishing purges a CDN or front cache: the page, the pages listing it and its section."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.frontend_cache import connect_purging
from talks.models import TalkPage
from tests.factories import TalkPageFactory


class PurgeIntake(BaseHTTPRequestHandler):
    """Stands in for nginx or Varnish: records the PURGE requests it gets."""

    received: list[tuple[str, str]] = []

    def do_PURGE(self):
        PurgeIntake.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_cache(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeIntake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    PurgeIntake.received.clear()
    connect_purging()
    yield PurgeIntake.received
    for signal in (page_published, page_unpublished, post_page_move):
        signal.disconnect(dispatch_uid=f"frontend-purge-{id(signal)}")
    server.shutdown()


def test_publishing_a_talk_purges_it_and_every_page_showing_it(
    front_cache, day, talk, django_capture_on_commit_callbacks
):
    neighbour = TalkPageFactory(parent=day, title="Next door", slug="next-door")
    talk.title = "Retitled"
    with django_capture_on_commit_callbacks(execute=True):
        talk.save_revision().publish()
    purged = {path for _host, path in front_cache}
    assert {"/", "/harbour-test/", "/harbour-test/day-1/", talk.url, neighbour.url} <= purged
    assert {host for host, _path in front_cache} == {"localhost"}


def test_an_import_purges_each_page_around_its_talks_once(
    front_cache, home, tmp_path, django_capture_on_commit_callbacks
):
    talks = "".join(f"### Talk {n}\n\nNotes.\n\n" for n in range(1, 6))
    notes = tmp_path / "notes.md"
    notes.write_text(f"---\ntitle: Purge Conf\n---\n\n## Day 1\n\n{talks}")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_notes", str(notes), "--publish", stdout=StringIO())
    purged = [path for _host, path in front_cache]
    talk_urls = {talk.url for talk in TalkPage.objects.all()}
    assert {"/", "/purge-conf/", "/purge-conf/day-1/", *talk_urls} <= set(purged)
    assert len(purged) == len(set(purged)), "a page was purged more than once"
