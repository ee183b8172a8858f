from django.utils.html import escape
from wagtail import hooks
from wagtail.rich_text.pages import PageLinkHandler

from talks.richtext import resolved_page_urls


class BatchedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, answering from the links the page resolved up front."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        resolved = resolved_page_urls()
        if resolved is None:
            return super().expand_db_attributes_many(attrs_list)
        tags = []
        for attrs in attrs_list:
            url = resolved.get(str(attrs.get("id")))
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags


@hooks.register("register_rich_text_features", order=100)
def resolve_page_links_in_batches(features) -> None:
    # order=100: registered after Wagtail's own page link handler, which it replaces.
    features.register_link_type(BatchedPageLinkHandler)
