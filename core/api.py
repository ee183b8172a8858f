"""The read API: Wagtail's API v2 at /api/v2/ (pages, images, documents).

Read-only by construction (API v2 has no write endpoints). Pages are live and public
only (Wagtail's PagesAPIViewSet filters drafts and view-restricted pages out);
documents in restricted collections are left out too.
"""

from rest_framework.fields import Field
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from core.public_urls import page_absolute_url


class PublicHtmlUrlField(Field):
    """A page's html_url on the public base URL, like its canonical link."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page) -> str:
        return page_absolute_url(page)


class PublicPageSerializer(PageSerializer):
    html_url = PublicHtmlUrlField(read_only=True)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
