"""The page explorer lists a conference's days in schedule order, not by last edit."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet

from talks.models import DayPage
from talks.models.querysets import schedule_order

SCHEDULE = "schedule"


class DaysInScheduleOrderView(ExplorableIndexView):
    # Wagtail's default, last edited first, put Day 2 above Day 1. Sorting by a column
    # header still works; "schedule" is only the default.
    default_ordering = SCHEDULE

    def order_queryset(self, queryset):
        if self.ordering == SCHEDULE and not self.is_searching:
            prefix = "" if issubclass(queryset.model, DayPage) else "daypage__"
            return queryset.order_by(*schedule_order(prefix))
        return super().order_queryset(queryset)


class DayPageViewSet(PageViewSet):
    model = DayPage
    index_view_class = DaysInScheduleOrderView


@hooks.register("register_admin_viewset")
def register_day_viewset() -> DayPageViewSet:
    return DayPageViewSet("days")
