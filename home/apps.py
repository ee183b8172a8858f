from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site root page and the demo content."""

    name = "home"
    verbose_name = "Home"
    default_auto_field = "django.db.models.BigAutoField"
