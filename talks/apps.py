from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"
    verbose_name = "Conference notes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete
        from wagtail.images import get_image_model
        from wagtail.signals import page_published

        from core.page_cache import clear_page_cache
        from talks.body import new_images_generation, warm_on_publish
        from talks.indexing import (
            connect_indexing,
            reindex_talks_of_deleted_speaker,
            reindex_talks_of_speaker,
        )
        from talks.models import ConferencePage, DayPage, Speaker, TalkPage

        connect_indexing(ConferencePage, DayPage, TalkPage, Speaker)
        post_save.connect(reindex_talks_of_speaker, sender=Speaker, dispatch_uid="speaker-talks")
        pre_delete.connect(
            reindex_talks_of_deleted_speaker, sender=Speaker, dispatch_uid="deleted-speaker-talks"
        )
        post_delete.connect(clear_page_cache, sender=Speaker, dispatch_uid="speaker-page-cache")
        for signal in (post_save, post_delete):
            signal.connect(
                new_images_generation, sender=get_image_model(), dispatch_uid="body-images"
            )
        page_published.connect(warm_on_publish, sender=TalkPage, dispatch_uid="body-warm")
