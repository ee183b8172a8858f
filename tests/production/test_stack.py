"""The stack, natively, as the Docker image is built and runs: its build step
(collectstatic), entrypoint (migrate) and command (gunicorn) with production settings,
on a PostgreSQL cluster, Redis and moto's S3 server of its own
(`scripts/load_and_faults.py` starts them), with the demo content. The checks of the
deployed site run first; then the load-and-faults phases, smoke-sized, take the servers
away one by one (the script's full run is 64 connections for 60 s); the last tests take
S3 and PostgreSQL away for good.
"""

from __future__ import annotations

import http.client
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

import psycopg
import pytest
from playwright.sync_api import expect

from scripts.load_and_faults import (
    HOST,
    PhaseResult,
    PostgresCluster,
    RedisServer,
    S3Server,
    ServerFailed,
    Site,
    failures,
    postgres_bin,
    report,
    run_phases,
    servers,
)
from tests.production.conftest import require, require_redis_server, run_manage


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def json(self):
        return json.loads(self.body)


@dataclass
class Stack:
    site: Site
    postgres: PostgresCluster
    redis: RedisServer
    s3: S3Server
    pages: dict[str, list[str]] = field(default_factory=dict)

    @property
    def port(self) -> int:
        return self.site.port

    @property
    def bucket(self) -> str:
        return self.site.env["AWS_STORAGE_BUCKET_NAME"]

    @property
    def database_url(self) -> str:
        return self.site.env["DATABASE_URL"]

    def get(self, path: str, https: bool = True, headers: dict | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {
            "Host": HOST,
            **({"X-Forwarded-Proto": "https"} if https else {}),
            **(headers or {}),
        }
        connection.request("GET", quote(path, safe="/?=&%"), headers=sent)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        text = "" if response.getheader("Content-Encoding") else body.decode(errors="replace")
        return Response(response.status, response.headers, text)


def page_urls(database_url: str) -> dict[str, list[str]]:
    """Every live page's URL by page type, and every published speaker's page."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT ct.model, p.url_path FROM wagtailcore_page p "
            "JOIN django_content_type ct ON ct.id = p.content_type_id "
            "WHERE p.live AND p.depth > 1"
        ).fetchall()
        speakers = connection.execute("SELECT slug FROM talks_speaker WHERE live").fetchall()
    urls: dict[str, list[str]] = {}
    for model, url_path in rows:
        urls.setdefault(model, []).append("/" + url_path.split("/", 2)[2])
    urls["speaker"] = [f"/speakers/{slug}/" for (slug,) in speakers]
    return urls


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    try:
        postgres_bin()
    except ServerFailed as error:
        require("PostgreSQL's server binaries", str(error))
    require_redis_server()
    try:
        with servers(workers=2) as (site, postgres, redis, s3):
            yield Stack(site, postgres, redis, s3, page_urls(site.env["DATABASE_URL"]))
    except ServerFailed as error:
        pytest.fail(str(error))


def test_every_page_type_returns_200(stack):
    assert set(stack.pages) >= {"homepage", "conferencepage", "daypage", "talkpage", "speaker"}
    for page_type, urls in stack.pages.items():
        for url in urls:
            response = stack.get(url)
            assert response.status == 200, (page_type, url, response.body[:500])
            assert "<h1" in response.body
    assert stack.get("/search/?q=python").status == 200
    assert stack.get("/sitemap.xml").status == 200
    assert stack.get("/no-such-page/").status == 404


def test_talk_images_are_served_from_s3(stack):
    sources = {
        source
        for url in stack.pages["talkpage"]
        for source in re.findall(
            rf'{stack.s3.url}/{stack.bucket}/([^\s"]+\.webp)', stack.get(url).body
        )
    }
    assert sources, "no talk shows an image from the bucket"
    assert sources <= stack.s3.keys(stack.bucket)


def test_static_files_come_from_whitenoise_hashed_compressed_and_cached_for_years(stack):
    html = stack.get("/").body
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = stack.get(stylesheet)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    compressed = stack.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert compressed.headers["Content-Encoding"] == "gzip"


def test_static_files_redirects_and_bad_hosts_carry_the_security_headers_too(stack):
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', stack.get("/").body)
    responses = {
        "static file": stack.get(stylesheet.group(1)),
        "https redirect": stack.get("/", https=False),
        "unknown host": stack.get("/", headers={"Host": "evil.example"}),
    }
    assert [r.status for r in responses.values()] == [200, 301, 400]
    for what, response in responses.items():
        assert "camera=()" in response.headers["Permissions-Policy"], what
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'"), what
        assert response.headers["X-Content-Type-Options"] == "nosniff", what
        assert response.headers["X-Frame-Options"] == "DENY", what


def test_security_headers_and_secure_cookies(stack):
    page = stack.get("/")
    assert (
        page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    )
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    login = stack.get("/admin/login/")
    assert "'unsafe-inline'" in login.headers["Content-Security-Policy"]
    cookie = login.headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=") and "Secure" in cookie


CSP_RECORDER = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) =>
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
"""


def test_wagtail_editor_and_public_pages_run_under_the_csp_in_chromium(stack, browser):
    password = uuid.uuid4().hex
    created = run_manage(
        "createsuperuser",
        "--noinput",
        "--username=editor",
        "--email=editor@example.com",
        env={**stack.site.env, "DJANGO_SUPERUSER_PASSWORD": password},
    )
    assert created.returncode == 0, created.stderr
    with psycopg.connect(stack.database_url) as connection:
        (talk_id,) = connection.execute(
            "SELECT p.id FROM wagtailcore_page p JOIN django_content_type ct "
            "ON ct.id = p.content_type_id WHERE ct.model = 'talkpage' ORDER BY p.path LIMIT 1"
        ).fetchone()
    context = browser.new_context(
        base_url=f"http://127.0.0.1:{stack.port}",
        extra_http_headers={"X-Forwarded-Proto": "https"},
    )
    context.add_init_script(CSP_RECORDER)
    tab = context.new_page()
    refused: list[str] = []
    tab.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )

    tab.goto("/admin/login/")
    tab.fill("#id_username", "editor")
    tab.fill("#id_password", password)
    tab.click("button[type=submit]")
    tab.wait_for_url("**/admin/")
    tab.goto(f"/admin/pages/{talk_id}/edit/", wait_until="networkidle")
    # The body's blocks and rich text editors are drawn by JavaScript: they appear only
    # if the policy let Wagtail's scripts run. The network falls idle before the scripts
    # have always drawn them on a busy machine, so the check waits for them to appear.
    expect(tab.locator(".c-sf-block__type").first).to_be_attached(timeout=30_000)
    expect(tab.locator(".Draftail-Editor").first).to_be_attached(timeout=30_000)
    admin_violations = tab.evaluate("window.cspViolations")

    tab.goto(stack.pages["talkpage"][0], wait_until="networkidle")
    public_violations = tab.evaluate("window.cspViolations")
    context.close()
    assert admin_violations == [] and public_violations == [] and refused == [], (
        admin_violations,
        public_violations,
        refused,
    )


def test_plain_http_is_redirected_except_healthz(stack):
    page = stack.get("/", https=False)
    assert page.status == 301 and page.headers["Location"] == f"https://{HOST}/"
    assert stack.get("/healthz", https=False).status == 200


def test_healthz_says_ok_while_postgresql_and_s3_answer(stack):
    response = stack.get("/healthz")
    assert response.status == 200
    assert response.json() == {"database": "ok", "media_storage": "ok"}


@pytest.fixture(scope="module")
def phases(stack) -> list[PhaseResult]:
    """The load-and-faults phases: two connections (one for each gunicorn worker), each
    pausing 50 ms between requests: enough traffic to meet every fault, without taking
    the machine from other tests (four took 3 CPU-s more of gunicorn's alone)."""
    return run_phases(
        (stack.site, stack.postgres, stack.redis, stack.s3),
        connections=2,
        seconds=1,
        fault_seconds=3,
        pause=0.05,
    )


def phase(phases: list[PhaseResult], name: str) -> PhaseResult:
    return next(p for p in phases if p.name == name)


def test_the_phases_meet_their_limits_and_print_their_figures(phases):
    assert failures(phases) == [], "\n".join(map(report, phases))
    printed = "\n".join(map(report, phases))
    for label in ("requests", "errors", "timeouts", "p50", "p99", "recovery seconds"):
        assert label in printed


def test_steady_load_has_no_errors_or_timeouts(phases):
    steady = phase(phases, "steady")
    assert steady.requests > 0
    assert steady.errors == 0 and steady.timeouts == 0


def test_postgres_restart_is_survived_without_restarting_gunicorn(phases, stack):
    restart = phase(phases, "postgres restart")
    # Served again within the limit. (That nothing fails after the limit is checked by the
    # full run, scripts/load_and_faults.py: this short phase ends before the limit.)
    assert restart.notes["recovery_seconds"] <= 5
    # While it is down, readers are told to come back, never shown a crash.
    assert set(restart.outcomes) <= {"ok", "503"} and restart.outcomes.get("503")
    assert stack.site.process.poll() is None


@pytest.mark.parametrize("name", ["redis stopped", "s3 stopped"])
def test_pages_are_still_served_without_redis_or_s3(phases, name):
    stopped = phase(phases, name)
    assert stopped.requests > 0 and stopped.errors == 0


def test_healthz_turns_503_when_s3_stops(stack):
    stack.s3.stop()  # already stopped by the last phase, if that ran first
    response = stack.get("/healthz")
    assert response.status == 503
    assert response.json() == {"database": "ok", "media_storage": "failing"}
    for url in stack.pages["talkpage"]:
        assert stack.get(url).status == 200, url  # images missing, page still there


def test_healthz_turns_503_when_postgresql_stops(stack):
    stack.postgres.stop()
    response = stack.get("/healthz")
    assert response.status == 503
    assert response.json()["database"] == "failing"
