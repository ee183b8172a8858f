from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "Conference notes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from talks.indexing import connect_indexing
        from talks.models import ConferencePage, DayPage, TalkPage

        connect_indexing(ConferencePage, DayPage, TalkPage)
