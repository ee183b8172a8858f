from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talks.notes.errors import NotesError
from talks.notes.importer import import_document, plan_import
from talks.notes.parser import read_notes


class Command(BaseCommand):
    help = (
        "Import Markdown conference notes (Hugo style) as conference, day and talk pages. "
        "Importing a file again updates the same pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="Markdown notes files.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the pages (default: save drafts)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, files, publish, dry_run, **options):
        for path in files:
            try:
                if not path.is_file():
                    raise NotesError(str(path), None, "no such file; expected a Markdown file.")
                document = read_notes(path.read_bytes(), str(path), path.parent)
                plan = plan_import(document)
                if not dry_run:
                    import_document(document, publish=publish)
            except NotesError as error:
                raise CommandError(str(error)) from error
            for warning in document.warnings:
                self.stderr.write(self.style.WARNING(f"{path}, {warning}"))
            verb = "would import" if dry_run else "imported"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{path}: {verb} “{document.conference_title}”: {plan.summary()}"
                )
            )
