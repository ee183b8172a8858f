from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from core import health, routing
from search import views as search_views
from talks import views as talks_views
from talks.sitemaps import SpeakerSitemap

SITEMAPS = {"pages": PageSitemap, "speakers": SpeakerSitemap}

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("healthz", health.healthz, name="healthz"),
    path("speakers/<str:slug>/", talks_views.speaker_detail, name="speaker"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

if settings.MEDIA_STORAGE_BACKEND.endswith("FileSystemStorage"):
    # Local media (the embedded default) is served by the app itself; with S3 the
    # bucket or its CDN serves it.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [
    # Wagtail's own serve view, routed in one query (core/routing.py); its other URLs
    # (page passwords, login) come from wagtail_urls.
    re_path(serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
