"""The stack, natively: the Docker entrypoint and command (migrate, collectstatic, gunicorn)
with production settings, a fresh PostgreSQL database, moto's S3 server and the demo content.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from moto.server import ThreadedMotoServer

from tests.production.conftest import (
    ROOT,
    S3_KEY_ID,
    S3_REGION,
    S3_SECRET,
    S3Server,
    free_port,
    postgres_server_url,
    process_env,
    production_env,
    run_manage,
)

HOST = "notes.test"
DOCKER_COMMAND = json.loads(
    re.search(r"^CMD (\[.*\])$", (ROOT / "Dockerfile").read_text(), re.MULTILINE).group(1)
)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str

    def json(self):
        return json.loads(self.body)


@dataclass
class Stack:
    port: int
    s3: S3Server
    bucket: str
    database_url: str
    admin_url: str
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    pages: dict[str, list[str]] = field(default_factory=dict)

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

    def wait_until_healthy(self, process: subprocess.Popen, seconds: int = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited ({process.returncode}):\n{self.log.read_text()}")
            try:
                if self.get("/healthz", https=False).status == 200:
                    return
            except OSError:
                pass
            time.sleep(1)
        pytest.fail(f"the stack did not become healthy:\n{self.log.read_text()[-3000:]}")


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
def stack(tmp_path_factory) -> Iterator[Stack]:
    server_url = postgres_server_url()
    database = f"notes_stack_{uuid.uuid4().hex[:12]}"
    admin_url = f"{server_url}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {database}")

    s3_port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    moto.start()
    s3 = S3Server(endpoint=f"http://127.0.0.1:{s3_port}", server=moto)
    bucket = s3.create_bucket("stack-media")

    tmp = tmp_path_factory.mktemp("stack")
    port = free_port()
    env = production_env(
        DATABASE_URL=f"{server_url}/{database}",
        # The browser test reaches it as 127.0.0.1; every other request says notes.test.
        ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        STATIC_ROOT=str(tmp / "static"),
        AWS_STORAGE_BUCKET_NAME=bucket,
        AWS_S3_ENDPOINT_URL=s3.endpoint,
        AWS_S3_REGION_NAME=S3_REGION,
        AWS_ACCESS_KEY_ID=S3_KEY_ID,
        AWS_SECRET_ACCESS_KEY=S3_SECRET,
        AWS_S3_ADDRESSING_STYLE="path",
        PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        GUNICORN_CMD_ARGS=f"--bind 127.0.0.1:{port} --workers 2 --timeout 60",
    )
    stack = Stack(
        port, s3, bucket, f"{server_url}/{database}", admin_url, tmp / "gunicorn.log", env
    )
    with stack.log.open("w") as log:
        process = subprocess.Popen(
            [str(ROOT / "docker" / "entrypoint.sh"), *DOCKER_COMMAND],
            cwd=ROOT,
            env=process_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        stack.wait_until_healthy(process)
        demo = run_manage("load_demo", env=env, timeout=300)
        assert demo.returncode == 0, demo.stdout + demo.stderr
        stack.pages = page_urls(stack.database_url)
        yield stack
    finally:
        process.terminate()
        process.wait(timeout=30)
        moto.stop()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


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
            rf'{stack.s3.endpoint}/{stack.bucket}/([^\s"]+\.webp)', stack.get(url).body
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
        env={**stack.env, "DJANGO_SUPERUSER_PASSWORD": password},
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
    # if the policy let Wagtail's scripts run.
    assert tab.locator(".c-sf-block__type").count() > 0
    assert tab.locator(".Draftail-Editor").count() > 0
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


def test_healthz_turns_503_when_s3_stops(stack):
    assert stack.get("/healthz").json() == {"database": "ok", "media_storage": "ok"}
    stack.s3.server.stop()
    response = stack.get("/healthz")
    assert response.status == 503
    assert response.json() == {"database": "ok", "media_storage": "failing"}
    for url in stack.pages["talkpage"]:
        assert stack.get(url).status == 200, url  # images missing, page still there


def test_healthz_turns_503_when_the_database_refuses_connections(stack):
    database = stack.database_url.rsplit("/", 1)[1]
    with psycopg.connect(stack.admin_url, autocommit=True) as connection:
        connection.execute(f"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false")
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [database],
        )
    response = stack.get("/healthz")
    assert response.status == 503
    assert response.json()["database"] == "failing"
