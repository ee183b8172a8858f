"""Guessing passwords is throttled: the admin sign-in and password-protected pages."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from wagtail.models import PageViewRestriction

WRONG_TRIES = 40


def sign_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_forty_wrong_passwords_then_the_right_one_is_refused(client, superuser):
    for _ in range(WRONG_TRIES):
        assert sign_in(client, "admin", "wrong").status_code in (200, 429)
    response = sign_in(client, "admin", "password")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert int(response["Retry-After"]) == 900
    assert "_auth_user_id" not in client.session  # not signed in
    assert client.get("/admin/").status_code == 302  # still sent to the sign-in form


def test_a_few_wrong_passwords_do_not_lock_anyone_out(client, superuser):
    for _ in range(3):
        assert sign_in(client, "admin", "wrong").status_code == 200
    response = sign_in(client, "admin", "password")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_guessing_one_account_from_many_addresses_is_throttled_too(client, superuser):
    for number in range(WRONG_TRIES):
        sign_in(client, "Admin", "wrong", address=f"198.51.100.{number}")
    assert sign_in(client, "admin", "password", address="192.0.2.1").status_code == 429


def test_other_accounts_and_addresses_are_not_locked_out(client, superuser, editor):
    for _ in range(WRONG_TRIES):
        sign_in(client, "admin", "wrong")
    assert sign_in(client, "eddie", "password", address="192.0.2.1").status_code == 302


def test_the_lockout_ends_after_its_time(client, superuser, settings):
    with freeze_time() as clock:
        for _ in range(WRONG_TRIES):
            sign_in(client, "admin", "wrong")
        clock.tick(settings.PASSWORD_LOCKOUT_SECONDS - 1)
        assert sign_in(client, "admin", "password").status_code == 429
        clock.tick(settings.PASSWORD_LOCKOUT_SECONDS + 1)
        assert sign_in(client, "admin", "password").status_code == 302


@pytest.fixture
def protected_talk(talk):
    restriction = PageViewRestriction.objects.create(
        page=talk, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    return talk, f"/_util/authenticate_with_password/{restriction.pk}/{talk.pk}/"


def test_page_passwords_are_throttled(client, protected_talk):
    talk, form_url = protected_talk
    for _ in range(WRONG_TRIES):
        client.post(form_url, {"password": "wrong", "return_url": talk.url})
    response = client.post(form_url, {"password": "letmein", "return_url": talk.url})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "<h1>A talk</h1>" not in client.get(talk.url).content.decode()


def test_the_right_page_password_opens_the_page(client, protected_talk):
    talk, form_url = protected_talk
    client.post(form_url, {"password": "wrong", "return_url": talk.url})
    response = client.post(form_url, {"password": "letmein", "return_url": talk.url})
    assert response.status_code == 302
    assert "<h1>A talk</h1>" in client.get(talk.url).content.decode()
