"""docker-compose.yml and the Dockerfile, checked by reading them (no Docker engine here).

The stack smoke test runs the same entrypoint and command natively.
"""

from __future__ import annotations

import json
import re

import yaml

from tests.production.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
README = (ROOT / "README.md").read_text()


def readme_variables() -> set[str]:
    table_rows = (line for line in README.splitlines() if line.startswith("| `"))
    return {
        name for row in table_rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])
    }


def variables_read_by_settings() -> set[str]:
    source = "".join(path.read_text() for path in (ROOT / "config" / "settings").glob("*.py"))
    return set(re.findall(r"""env_(?:str|bool|int|list)\(\s*["']([A-Z0-9_]+)["']""", source))


def test_compose_has_the_four_services_with_health_checks():
    services = COMPOSE["services"]
    assert {"web", "db", "s3", "cache"} <= set(services)
    for name in ("web", "db", "s3", "cache"):
        assert services[name]["healthcheck"]["test"], name
    assert services["web"]["ports"] == ["8000:8000"]
    assert services["s3"]["ports"] == ["9000:9000"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["cache"]["image"].startswith("redis:")
    assert services["s3"]["image"].startswith("minio/minio")


def test_the_bucket_is_created_before_the_app_starts():
    web_needs = COMPOSE["services"]["web"]["depends_on"]
    assert web_needs["createbuckets"] == {"condition": "service_completed_successfully"}
    assert web_needs["db"] == web_needs["cache"] == {"condition": "service_healthy"}
    bucket = COMPOSE["services"]["web"]["environment"]["AWS_STORAGE_BUCKET_NAME"]
    assert (
        f"mc mb --ignore-existing local/{bucket}"
        in COMPOSE["services"]["createbuckets"]["entrypoint"]
    )


def test_the_bucket_policy_is_applied_to_the_web_services_bucket():
    bucket = COMPOSE["services"]["web"]["environment"]["AWS_STORAGE_BUCKET_NAME"]
    createbuckets = COMPOSE["services"]["createbuckets"]
    [mounted] = createbuckets["configs"]
    policy = ROOT / COMPOSE["configs"][mounted["source"]]["file"]
    assert (
        f"mc anonymous set-json {mounted['target']} local/{bucket}" in createbuckets["entrypoint"]
    )
    resources = [
        resource
        for statement in json.loads(policy.read_text())["Statement"]
        for resource in statement["Resource"]
    ]
    assert resources and all(r.startswith(f"arn:aws:s3:::{bucket}/") for r in resources)


def test_data_lives_in_named_volumes():
    declared = set(COMPOSE["volumes"])
    used = {
        volume.split(":")[0]
        for service in COMPOSE["services"].values()
        for volume in service.get("volumes", [])
    }
    assert used == declared == {"db-data", "s3-data", "cache-data"}


def test_every_web_variable_is_documented_and_read_by_the_settings():
    web_variables = set(COMPOSE["services"]["web"]["environment"])
    assert web_variables - readme_variables() == set()
    assert web_variables - variables_read_by_settings() == set()


def test_web_service_urls_point_at_the_other_services():
    env = COMPOSE["services"]["web"]["environment"]
    db = COMPOSE["services"]["db"]["environment"]
    assert env["DATABASE_URL"] == (
        f"postgres://{db['POSTGRES_USER']}:{db['POSTGRES_PASSWORD']}@db:5432/{db['POSTGRES_DB']}"
    )
    assert env["REDIS_URL"].startswith("redis://cache:6379/")
    assert env["AWS_S3_ENDPOINT_URL"] == "http://s3:9000"
    s3 = COMPOSE["services"]["s3"]["environment"]
    assert (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]) == (
        s3["MINIO_ROOT_USER"],
        s3["MINIO_ROOT_PASSWORD"],
    )


def test_dockerfile_is_slim_python_311_non_root_gunicorn():
    assert DOCKERFILE.startswith("# ") and "\nFROM python:3.11-slim\n" in DOCKERFILE
    users = re.findall(r"^USER (\S+)$", DOCKERFILE, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert "collectstatic --noinput" in DOCKERFILE
    command = json.loads(re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.MULTILINE).group(1))
    assert command[:2] == ["gunicorn", "config.wsgi:application"]
    assert re.search(r"^EXPOSE 8000$", DOCKERFILE, re.MULTILINE)


def test_entrypoint_migrates_then_runs_the_command_without_writing_into_the_image():
    script = (ROOT / "docker" / "entrypoint.sh").read_text()
    assert "migrate --noinput" in script
    # The image's static files were collected at build; collecting again on each start
    # would need a writable /app.
    assert "collectstatic" not in script
    assert script.rstrip().endswith('exec "$@"')
    assert (ROOT / "docker" / "entrypoint.sh").stat().st_mode & 0o111


def test_an_optional_nginx_front_cache_serves_anonymous_pages_and_takes_purges():
    front = COMPOSE["services"]["front"]
    assert front["profiles"] == ["front-cache"]
    assert front["image"].startswith("nginx:")
    assert front["depends_on"]["web"] == {"condition": "service_healthy"}
    assert front["configs"] == [
        {"source": "front-cache-conf", "target": "/etc/nginx/conf.d/default.conf"}
    ]
    assert COMPOSE["configs"]["front-cache-conf"] == {"file": "./docker/nginx.conf"}
    conf = (ROOT / "docker" / "nginx.conf").read_text()
    assert conf.count("proxy_pass http://web:8000;") == 2
    # Editors (a session cookie) are never served or stored; purges refresh the entry.
    assert "proxy_cache_bypass $cookie_sessionid;" in conf
    assert "proxy_no_cache $cookie_sessionid;" in conf
    assert "listen 8081;" in conf and "proxy_cache_bypass 1;" in conf
    web = COMPOSE["services"]["web"]["environment"]
    assert "http://front:8081" in (ROOT / "docker-compose.yml").read_text()
    assert "FRONTEND_CACHE_PURGE_URL" in web and "FRONTEND_CACHE_SECONDS" in web
