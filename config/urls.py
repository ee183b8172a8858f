from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from core import health, routing
from core import views as core_views
from core.api import api_router
from core.robots import robots_txt
from search import views as search_views
from talks import feeds
from talks import views as talks_views
from talks.sitemaps import SITEMAPS


def feed_urls(kind: str, prefix: str, feed_class: type[feeds.TalksFeed]) -> list:
    """RSS at `prefix`, Atom at `prefix`atom/."""
    return [
        path(prefix, feed_class(), name=f"{kind}-feed-rss"),
        path(f"{prefix}atom/", feed_class(atom=True), name=f"{kind}-feed-atom"),
    ]


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("healthz", health.healthz, name="healthz"),
    path("speakers/", talks_views.speaker_index, name="speakers"),
    path("speakers/<str:slug>/", talks_views.speaker_detail, name="speaker"),
    path("tags/", talks_views.tag_index, name="tags"),
    path("tags/<str:slug>/", talks_views.tag_detail, name="tag"),
    path("cards/talk-<int:pk>-<int:revision>.png", talks_views.talk_card, name="talk-card"),
    *feed_urls("site", "feed/", feeds.SiteFeed),
    *feed_urls("conference", "feed/conferences/<str:slug>/", feeds.ConferenceFeed),
    *feed_urls("tag", "feed/tags/<str:slug>/", feeds.TagFeed),
    *feed_urls("speaker", "feed/speakers/<str:slug>/", feeds.SpeakerFeed),
    path("api/v2/", api_router.urls),
    path("review/<str:token>/", talks_views.review_draft, name="review_draft"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # A page slug never contains a dot, so no page can hide behind notes.md.
    re_path(r"^(?P<page_path>(?:[^/]+/)+)notes\.md$", talks_views.notes_markdown, name="notes-md"),
]

if settings.MEDIA_STORAGE_BACKEND.endswith("FileSystemStorage"):
    # Local media (the embedded default) is served by the app itself, all but its private
    # files; with S3 the bucket or its CDN serves it.
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", core_views.serve_media)
    ]

urlpatterns += [
    # Wagtail's front-end URLs (page passwords, login) in their order, with its serve view
    # replaced by one that routes in one query (core/routing.py).
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(serve_pattern, routing.serve, name="wagtail_serve"),
]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
