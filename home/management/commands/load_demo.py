from django.core.management.base import BaseCommand

from home.demo import load_demo_content


class Command(BaseCommand):
    help = "Load the demo conference (kept as is if it already exists)."

    def handle(self, *args, **options):
        conference = load_demo_content()
        if conference is None:
            self.stdout.write("Demo content already present; left unchanged.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Loaded demo conference “{conference.title}”."))
