from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talks.notes.errors import NotesError
from talks.notes.pages import import_document, plan_import
from talks.notes.reader import MAX_FILE_BYTES, ReadOptions, read_notes


class Command(BaseCommand):
    help = (
        "Import Markdown conference notes (Hugo, Jekyll, Zola, Pelican, MkDocs, Obsidian or "
        "plain Markdown) as conference, day and talk pages. Importing a file again updates "
        "the same pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="Markdown notes files.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the pages (default: save drafts)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument("--title", default="", help="The conference's title.")
        parser.add_argument(
            "--talk-level",
            type=int,
            choices=range(1, 7),
            metavar="N",
            help="Talks are the `#`×N headings (1–6); default: inferred.",
        )
        days = parser.add_mutually_exclusive_group()
        days.add_argument(
            "--days", dest="days", action="store_true", default=None,
            help="The headings above the talks are days, whatever they are called.",
        )  # fmt: skip
        days.add_argument(
            "--no-days", dest="days", action="store_false", help="One day; no day headings."
        )

    def handle(self, *args, files, publish, dry_run, title, talk_level, days, **options):
        read_options = ReadOptions(title=title, talk_level=talk_level, days=days)
        for path in files:
            try:
                if not path.is_file():
                    raise NotesError(str(path), None, "no such file; expected a Markdown file.")
                if path.stat().st_size > MAX_FILE_BYTES:
                    raise NotesError(str(path), None, "the file is larger than 10 MB.")
                document = read_notes(path.read_bytes(), str(path), read_options)
                if dry_run:
                    plan = plan_import(document, path.parent)
                else:
                    plan = import_document(document, publish=publish, base_dir=path.parent)
            except NotesError as error:
                raise CommandError(str(error)) from error
            for warning in document.warnings:
                self.stderr.write(self.style.WARNING(f"{path}, {warning}"))
            verb = "would import" if dry_run else "imported"
            self.stdout.write(
                self.style.SUCCESS(f"{path}: {verb} “{document.title}”: {plan.summary()}")
            )
            for page in plan.pages:
                if page.status != "unchanged" and page.kind == "talk" and page.exists:
                    self.stdout.write(f"  changed: talk “{page.title}” (line {page.line})")
