from django.apps import AppConfig


class AccessibilityConfig(AppConfig):
    """The rules editors' content is held to, the content checker, and the axe audit."""

    name = "accessibility"
    verbose_name = "Accessibility"
