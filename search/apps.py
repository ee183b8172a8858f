from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Searching talks' notes, with highlighted passages."""

    name = "search"
    verbose_name = "Search"
