"""The test database: migrated once per run, cloned for each test process.

Migrating takes about ten seconds of CPU, and `make test` runs several processes that
each need a database; the first process to get here migrates a template, the others copy it
(a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL). SQLite databases
are files, on tmpfs where there is one, so servers the tests start in threads (the live
server, `audit_accessibility`) read the same rows the test wrote.

A test that commits and flushes empties the tables the migrations filled (the site, its
root page, the editorial roles); `restore_initial_data` puts them back afterwards, so
tests of both kinds can share a process in any order.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# Set by the first pytest process of a run (the xdist controller); its workers inherit it.
RUN_VARIABLE = "CONFERENCE_NOTES_TEST_RUN"


def start_run() -> None:
    os.environ[RUN_VARIABLE] = uuid.uuid4().hex[:12]


def run_directory() -> Path:
    """Files every process of this run shares: the lock, the template, the initial data."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    directory = base / f"conference-notes-tests-{os.environ[RUN_VARIABLE]}"
    directory.mkdir(exist_ok=True)
    return directory


@contextmanager
def run_lock() -> Iterator[Path]:
    directory = run_directory()
    with open(directory / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield directory


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def template_name(configured_name: str) -> str:
    if is_postgresql():
        return f"test_{configured_name}_{os.environ[RUN_VARIABLE]}"
    return str(run_directory() / "template.sqlite3")


def process_database_name(configured_name: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if is_postgresql():
        return f"test_{configured_name}_{worker}"
    return str(run_directory() / f"{worker}.sqlite3")


def use_database(name: str) -> None:
    connection.close()
    for database in (settings.DATABASES["default"], connection.settings_dict):
        database["NAME"] = name
        if not is_postgresql():
            # The live server's thread writes (the editor's autosave) while the test's
            # thread does: wait for the other's write rather than fail at once.
            database.setdefault("OPTIONS", {})["timeout"] = 30


def create_test_database() -> str:
    """This process's database, cloned from the run's template (migrated here if no
    process has yet). Returns its name."""
    configured_name = settings.DATABASES["default"]["NAME"]
    template = template_name(configured_name)
    with run_lock() as directory:
        initial_data = directory / "initial.json"
        if not initial_data.exists():
            connection.settings_dict["TEST"]["NAME"] = template
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            initial_data.write_text(connection.creation.serialize_db_to_string())
            if not is_postgresql():
                # Readers don't wait for a writer (and the mode is kept in the file).
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA journal_mode=WAL")
            connection.close()
        name = process_database_name(configured_name)
        if is_postgresql():
            with connection.creation._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            shutil.copyfile(template, name)
    use_database(name)
    return name


def destroy_test_database(name: str) -> None:
    connection.close()
    if is_postgresql():
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        Path(name).unlink(missing_ok=True)


def end_run() -> None:
    """Remove what the run's processes shared (the controller calls this last)."""
    if RUN_VARIABLE not in os.environ:
        return
    if is_postgresql():
        database = settings.DATABASES["default"]
        with psycopg.connect(
            dbname="postgres",
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            autocommit=True,
        ) as admin:
            admin.execute(
                f'DROP DATABASE IF EXISTS "{template_name(database["NAME"])}" WITH (FORCE)'
            )
    shutil.rmtree(run_directory(), ignore_errors=True)


def restore_initial_data() -> None:
    """Empty every table and put back the rows the migrations wrote, with their ids."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string((run_directory() / "initial.json").read_text())
    # The rows came back with their ids; PostgreSQL's sequences must follow them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)
    # pytest-django's flush re-creates every content type under new ids (its post_migrate
    # signal) and the process caches them; the rows put back have the migrations' ids.
    # A stale cache sends Wagtail's workflow to a content type that is not the page's.
    ContentType.objects.clear_cache()


@contextmanager
def rolled_back_on_exit(django_db_blocker) -> Iterator[None]:
    """Rows a module-scoped fixture writes for its tests to read, taken away again when
    it leaves (what setUpTestData's class-wide transaction does for a TestCase); each
    test's own transaction, inside this one, rolls back what the test writes."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
