from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "Conference notes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core.page_cache import clear_page_cache
        from talks.indexing import connect_indexing, reindex_talks_of_speaker
        from talks.models import ConferencePage, DayPage, Speaker, TalkPage

        connect_indexing(ConferencePage, DayPage, TalkPage)
        post_save.connect(reindex_talks_of_speaker, sender=Speaker, dispatch_uid="speaker-talks")
        post_delete.connect(clear_page_cache, sender=Speaker, dispatch_uid="speaker-page-cache")
