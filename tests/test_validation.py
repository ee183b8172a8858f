"""Every validation error an editor can meet on the page models."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import rich_text

from talks.models import ConferencePage, DayPage
from tests.factories import ConferencePageFactory, DayPageFactory, make_image


def test_conference_cannot_end_before_it_starts(home):
    conference = ConferencePage(
        title="Backwards",
        slug="backwards",
        start_date=datetime.date(2026, 6, 5),
        end_date=datetime.date(2026, 6, 4),
    )
    with pytest.raises(ValidationError) as error:
        home.add_child(instance=conference)
    assert "can't end before it starts" in str(error.value.message_dict["end_date"])


def test_conference_logo_needs_alt_text(home):
    conference = ConferencePage(title="Logo", slug="logo", logo=make_image())
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert "logo_alt_text" in error.value.message_dict


def test_day_date_must_fall_within_the_conference(conference):
    day = DayPage(title="Day 9", slug="day-9", date=datetime.date(2026, 7, 1))
    with pytest.raises(ValidationError) as error:
        conference.add_child(instance=day)
    assert "within the conference's dates (2026-06-04 to 2026-06-06)" in str(error.value)


def test_day_without_a_date_is_allowed(conference):
    day = DayPageFactory(parent=conference, date=None)
    assert day.live


def test_one_day_conference_accepts_only_its_day(home):
    conference = ConferencePageFactory(
        parent=home, start_date=datetime.date(2026, 3, 1), end_date=None
    )
    DayPageFactory(parent=conference, date=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        DayPageFactory(parent=conference, date=datetime.date(2026, 3, 2))


def test_admin_form_shows_the_day_date_error(client, conference):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    response = client.post(
        f"/admin/pages/add/talks/daypage/{conference.pk}/",
        {
            "title": "Late day",
            "slug": "late-day",
            "date": "2027-01-01",
            "intro": rich_text(""),
            "action-publish": "publish",
        },
    )
    assert response.status_code == 200  # the form comes back with the error
    assert "must fall within the conference" in response.content.decode()
    assert not DayPage.objects.filter(slug="late-day").exists()
