"""The "Talks" menu item: every talk across conferences in one sortable, filterable list.

Built with wagtail-modeladmin (the design card asks for it). Each row opens Wagtail's page
editor; the list runs the same queries for 10 rows as for 100 (see
tests/test_talk_listing.py) because conference, day and speakers come from annotations
and one prefetch rather than from each row.
"""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from taggit.models import Tag
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_modeladmin.helpers import PageButtonHelper, PagePermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from core.query_parameters import row_id
from talks.models import ConferencePage, DayPage, Speaker, TalkPage
from talks.models.querysets import MISSING_DETAILS

EDITING_ACTIONS = {"add", "change", "publish"}
MISSING_ANY = "any"


class PageFilter(SimpleListFilter):
    """Talks under one page of `page_model`, chosen by its id."""

    page_model: type[ConferencePage | DayPage]

    def queryset(self, request, queryset):
        page = self.page_model.objects.filter(pk=row_id(self.value())).first()
        return queryset.descendant_of(page) if page else queryset


class ConferenceFilter(PageFilter):
    title = "conference"
    parameter_name = "conference"
    page_model = ConferencePage

    def lookups(self, request, model_admin):
        return [(str(pk), title) for pk, title in ConferencePage.objects.values_list("pk", "title")]


class DayFilter(PageFilter):
    title = "day"
    parameter_name = "day"
    page_model = DayPage

    def lookups(self, request, model_admin):
        conferences = dict(ConferencePage.objects.values_list("path", "title"))
        days = DayPage.objects.in_schedule_order().values_list("pk", "title", "path")
        # Grouped by conference (a stable sort), each conference's days in schedule order.
        days = sorted(days, key=lambda day: day[2][: -DayPage.steplen])
        return [
            (str(pk), f"{conferences.get(path[: -DayPage.steplen], '')} — {title}")
            for pk, title, path in days
        ]


class TagFilter(SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = Tag.objects.filter(talks_talkpagetag_items__isnull=False).distinct()
        return [(tag.slug, tag.name) for tag in tags.order_by("name")]

    def queryset(self, request, queryset):
        return queryset.filter(tags__slug=self.value()) if self.value() else queryset


class SpeakerFilter(SimpleListFilter):
    title = "speaker"
    parameter_name = "speaker"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Speaker.objects.values_list("pk", "name")]

    def queryset(self, request, queryset):
        speaker_id = row_id(self.value())
        return queryset.filter(talk_speakers__speaker_id=speaker_id) if speaker_id else queryset


class StatusFilter(SimpleListFilter):
    title = "status"
    parameter_name = "status"
    STATUSES = {
        "live": {"live": True, "has_unpublished_changes": False},
        "changed": {"live": True, "has_unpublished_changes": True},
        "draft": {"live": False},
    }

    def lookups(self, request, model_admin):
        return [("live", "Live"), ("changed", "Live with draft changes"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        lookup = self.STATUSES.get(self.value() or "")
        return queryset.filter(**lookup) if lookup else queryset


class MissingDetailsFilter(SimpleListFilter):
    title = "missing details"
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(MISSING_ANY, "Any detail"), *((detail, detail) for detail in MISSING_DETAILS)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == MISSING_ANY:
            return queryset.missing_details()
        return queryset.missing_details(value) if value in MISSING_DETAILS else queryset


def missing_details_url() -> str:
    """The Talks listing filtered to every talk still missing a detail."""
    return f"{reverse('talks_talkpage_modeladmin_index')}?{MissingDetailsFilter.parameter_name}={MISSING_ANY}"


class TalkPermissionHelper(PagePermissionHelper):
    """Only people who edit pages see the listing (modeladmin shows page lists to anyone)."""

    def user_can_list(self, user) -> bool:
        return PagePermissionPolicy().user_has_any_permission(user, EDITING_ACTIONS)

    def user_can_create(self, user) -> bool:
        return self.user_can_list(user) and super().user_can_create(user)


class TalkButtonHelper(PageButtonHelper):
    """No row of buttons under each title, which crowded long titles: the title itself
    opens the editor (modeladmin's primary button), where unpublishing, deleting and
    copying happen with the page's full context.

    Wagtail's other buttons would also check each row's lock and workflow state, a query
    or two per talk.
    """

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return []


class TalkAdmin(ModelAdmin):
    model = TalkPage
    menu_label = "Talks"
    menu_icon = "doc-full"
    menu_order = 200
    add_to_settings_menu = False
    exclude_from_explorer = False
    permission_helper_class = TalkPermissionHelper
    button_helper_class = TalkButtonHelper
    list_display = ("talk_title", "conference", "day", "speaker_names", "status", "last_edited")
    list_display_add_buttons = "talk_title"
    list_filter = (
        ConferenceFilter,
        DayFilter,
        TagFilter,
        SpeakerFilter,
        StatusFilter,
        MissingDetailsFilter,
    )
    search_fields = ("title", "summary")
    ordering = ("-latest_revision_created_at",)
    list_per_page = 100

    def get_queryset(self, request: HttpRequest) -> QuerySet[TalkPage]:
        return (
            TalkPage.objects.for_listing()
            .with_conference_and_day()
            .with_speaker_links(include_drafts=True)
            .order_by(*self.get_ordering(request))
        )

    def talk_title(self, talk: TalkPage) -> str:
        # modeladmin links it to the editor (the primary button of list_display_add_buttons).
        return talk.draft_title

    talk_title.short_description = "Title"
    talk_title.admin_order_field = "title"

    def conference(self, talk: TalkPage) -> str:
        return talk.conference_title or ""

    conference.admin_order_field = "conference_title"

    def day(self, talk: TalkPage) -> str:
        if talk.day_date:
            return f"{talk.day_title} ({talk.day_date:%-d %b %Y})"
        return talk.day_title or ""

    day.admin_order_field = "day_date"

    def speaker_names(self, talk: TalkPage) -> str:
        links = talk.talk_speakers.all()
        return format_html_join(
            ", ",
            "{}{}",
            ((link.speaker.name, "" if link.speaker.live else " (draft)") for link in links),
        )

    speaker_names.short_description = "Speakers"

    def status(self, talk: TalkPage) -> str:
        if not talk.live:
            return "draft"
        return "live + draft" if talk.has_unpublished_changes else "live"

    status.admin_order_field = "live"

    def last_edited(self, talk: TalkPage):
        return talk.latest_revision_created_at

    last_edited.admin_order_field = "latest_revision_created_at"


modeladmin_register(TalkAdmin)
