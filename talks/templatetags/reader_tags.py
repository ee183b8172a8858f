"""Title, meta tags, JSON-LD and feed links for whatever page is being rendered, and
talks as listings show them."""

from __future__ import annotations

from django import template
from django.template import Context
from django.utils import translation

from talks import meta as reader_meta
from talks.models import ConferencePage, DayPage, TalkPage
from talks.summaries import TalkSummary, rendered_summary

register = template.Library()
BUILT_META = "reader_meta"


def meta_for(context: Context) -> reader_meta.PageMeta | None:
    """The page's PageMeta: given by the view as `meta`, or built from `page`/`speaker`
    once per rendering (the title and the meta tags both ask)."""
    if context.get("meta"):
        return context["meta"]
    if BUILT_META not in context.render_context:
        context.render_context[BUILT_META] = build_meta(context)
    return context.render_context[BUILT_META]


def build_meta(context: Context) -> reader_meta.PageMeta | None:
    page = context.get("page")
    if isinstance(page, TalkPage):
        return reader_meta.talk_meta(
            page,
            context.get("conference"),
            context.get("day"),
            context.get("talk_speakers") or [],
            context.get("tags") or [],
            context.get("card_url") or "",
            context["body"].opening,
        )
    if isinstance(page, ConferencePage):
        return reader_meta.conference_meta(page)
    if isinstance(page, DayPage):
        return reader_meta.day_meta(page, context.get("conference"))
    if page is not None and getattr(page, "pk", None):
        return reader_meta.generic_page_meta(page)
    if context.get("speaker"):
        return reader_meta.speaker_meta(context["speaker"])
    return None


@register.simple_tag(takes_context=True)
def reader_title(context: Context) -> str:
    """The title before the site's name ("Talk · Conference"); base.html adds the name."""
    found = meta_for(context)
    return " · ".join(part for part in found.title_parts if part) if found else ""


@register.simple_tag(takes_context=True)
def talk_summary(
    context: Context, talk: TalkPage, heading_level: int = 2, show_context: bool = False
) -> str:
    """`talk` as listings show it: its title and link, speakers and summary, and with
    `show_context` its conference and day (annotated by `with_conference_and_day`)."""
    summary = TalkSummary.of(talk, context.get("request"), show_context)
    return rendered_summary(summary, str(heading_level), translation.get_language())


@register.filter
def with_site_name(title: str) -> str:
    return reader_meta.with_site_name(str(title))


@register.inclusion_tag("includes/reader_meta.html", takes_context=True)
def reader_meta_tags(context: Context) -> dict:
    return {"meta": meta_for(context), "site_name": context.get("site_name")}
