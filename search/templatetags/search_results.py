from django import template
from django.utils.safestring import SafeString

from search import snippets as search_snippets
from talks.models import TalkPage
from talks.text import body_texts

register = template.Library()


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """The text, escaped, with the query's words in <mark>."""
    return search_snippets.highlight(str(text), query)


@register.filter
def matching_passage(talk: TalkPage, query: str) -> SafeString:
    """The part of the talk's summary or notes that matched, highlighted."""
    texts = [talk.summary, *body_texts(talk.body)]
    return search_snippets.highlight(search_snippets.matching_passage(texts, query), query)
