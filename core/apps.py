from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide HTTP and media infrastructure: page cache, security headers, health,
    media storage, upload forms, error pages."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core.frontend_cache import connect_purging
        from core.page_cache import connect_invalidation

        connect_invalidation()
        connect_purging()
