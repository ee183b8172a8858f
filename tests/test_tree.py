"""The page tree is Home → Conference → Day → Talk, and Wagtail refuses anything else."""

from wagtail.models import Page

from home.models import HomePage
from talks.models import ConferencePage, DayPage, TalkPage


def test_each_page_type_only_goes_under_its_parent(home, conference, day):
    assert ConferencePage.can_create_at(home)
    assert not ConferencePage.can_create_at(conference)
    assert DayPage.can_create_at(conference)
    assert not DayPage.can_create_at(home)
    assert TalkPage.can_create_at(day)
    assert not TalkPage.can_create_at(conference)
    assert not TalkPage.can_create_at(home)
    assert not HomePage.can_create_at(Page.get_first_root_node())  # only one home page


def assert_refused(response):
    # Wagtail answers a disallowed page type with its standard "permission denied" redirect.
    assert response.redirect_chain == [("/admin/", 302)]
    assert "you do not have permission" in response.content.decode()


def test_admin_refuses_a_talk_directly_under_a_conference(admin_client, conference):
    assert_refused(
        admin_client.get(f"/admin/pages/add/talks/talkpage/{conference.pk}/", follow=True)
    )
    assert not TalkPage.objects.exists()


def test_admin_refuses_a_day_under_the_home_page(admin_client, home):
    assert_refused(admin_client.get(f"/admin/pages/add/talks/daypage/{home.pk}/", follow=True))


def test_admin_only_offers_day_pages_under_a_conference(admin_client, conference):
    response = admin_client.get(f"/admin/pages/{conference.pk}/add_subpage/", follow=True)
    assert response.redirect_chain == [(f"/admin/pages/add/talks/daypage/{conference.pk}/", 302)]


def test_admin_offers_a_talk_under_a_day(admin_client, day):
    response = admin_client.get(f"/admin/pages/add/talks/talkpage/{day.pk}/")
    assert response.status_code == 200
    assert "Writing accessible notes" in response.content.decode()
