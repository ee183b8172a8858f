from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "Conference notes"
    default_auto_field = "django.db.models.BigAutoField"
