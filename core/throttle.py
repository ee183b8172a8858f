"""Failed passwords are throttled: the admin sign-in and page and document passwords.

After PASSWORD_ATTEMPTS failed tries within PASSWORD_LOCKOUT_SECONDS, the form refuses
every try, the right password included, until PASSWORD_LOCKOUT_SECONDS have passed
without one: guessing a password at ten tries a quarter of an hour is hopeless. Sign-in
failures count per client address and per username (so many addresses can't share the
guessing of one account); page and document passwords per client address and restriction.

Counts live in the default cache: Redis in production, so every app server sees them.
If Redis is down the cache forgets (core.cache), so sign-in keeps working unthrottled
rather than locking everyone out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

# The views whose POSTs check a password, and what the attempts are counted against.
PASSWORD_VIEWS = {
    "wagtailadmin_login": "sign-in",
    "wagtailcore_authenticate_with_password": "page-password",
    "wagtaildocs_authenticate_with_password": "document-password",
}


def client_address(request: HttpRequest) -> str:
    """The reader's address; behind the trusted proxy, the one it put last in X-Forwarded-For."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def counter_keys(request: HttpRequest, view_name: str, view_kwargs: dict) -> list[str]:
    """Cache keys of the failure counts this attempt is checked against and adds to."""
    scope = "-".join([PASSWORD_VIEWS[view_name], *(str(v) for v in view_kwargs.values())])
    who = [f"address:{client_address(request)}"]
    if view_name == "wagtailadmin_login":
        who.append(f"username:{request.POST.get('username', '').strip().lower()}")
    # Hashed: usernames and addresses are free text, cache keys are not.
    return [
        "password-failures:" + hashlib.sha256(f"{scope}|{part}".encode()).hexdigest()
        for part in who
    ]


def is_locked_out(keys: list[str]) -> bool:
    counts = cache.get_many(keys)
    return any(count >= settings.PASSWORD_ATTEMPTS for count in counts.values())


def record_failure(keys: list[str]) -> None:
    seconds = settings.PASSWORD_LOCKOUT_SECONDS
    for key in keys:
        cache.add(key, 0, seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
        cache.touch(key, seconds)  # the lockout runs from the latest failure


def refusal(request: HttpRequest) -> HttpResponse:
    minutes = max(1, settings.PASSWORD_LOCKOUT_SECONDS // 60)
    response = render(request, "core/too_many_attempts.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(settings.PASSWORD_LOCKOUT_SECONDS)
    return response


class PasswordThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.url_name not in PASSWORD_VIEWS:
            return self.get_response(request)
        keys = counter_keys(request, match.url_name, match.kwargs)
        if is_locked_out(keys):
            return refusal(request)
        response = self.get_response(request)
        # A right password redirects; a wrong one shows the form again.
        if response.status_code == 200:
            record_failure(keys)
        return response
