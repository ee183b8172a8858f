import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an 'admin' superuser with a random password, unless a superuser exists."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-url", default="http://127.0.0.1:8000/admin/", help="Where to sign in."
        )

    def handle(self, *args, **options):
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            self.stdout.write("An admin login already exists; no new one created.")
            return
        password = secrets.token_urlsafe(12)
        users.create_superuser("admin", "admin@example.com", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login created: {options['admin_url']}  user: admin  password: {password}"
            )
        )
