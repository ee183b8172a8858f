from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talks.models import ConferencePage
from talks.notes.pages import export_conference


class Command(BaseCommand):
    help = "Export a conference's days and talks as Markdown notes (the import dialect)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The conference page's slug.")
        parser.add_argument(
            "-o", "--output", type=Path, help="Write to this file (default: stdout)."
        )

    def handle(self, *args, slug, output, **options):
        conference = ConferencePage.objects.filter(slug=slug).first()
        if conference is None:
            raise CommandError(f"No conference with the slug “{slug}”.")
        markdown = export_conference(conference)
        if output:
            output.write_text(markdown, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
        else:
            self.stdout.write(markdown, ending="")
