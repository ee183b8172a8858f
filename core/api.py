"""The read API: Wagtail's API v2 at /api/v2/ (pages, images, documents).

Read-only by construction (API v2 has no write endpoints). Pages are live and public
only (Wagtail's PagesAPIViewSet filters drafts and view-restricted pages out);
documents in restricted collections are left out too.

A page of results costs the same queries however many pages it holds: the fields
Wagtail would read page by page are read for all of them at once (`read_together`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager, nullcontext

from django.db.models import prefetch_related_objects
from rest_framework.fields import Field
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from core.public_urls import page_absolute_url


class PublicHtmlUrlField(Field):
    """A page's html_url on the public base URL, like its canonical link."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page) -> str:
        return page_absolute_url(page)


class PublicPageSerializer(PageSerializer):
    html_url = PublicHtmlUrlField(read_only=True)


def read_together(
    model: type[Page], pages: Sequence[Page], fields: Collection[str]
) -> AbstractContextManager:
    """Read what `fields` show of `pages` (all of `model`) in one query per field.

    A page type whose API fields read more than its row (its body's images, its
    speakers) says how to read many at once in a `read_for_api(pages, fields)`
    classmethod; its context lasts while the pages are serialised.
    """
    if "locale" in fields:
        prefetch_related_objects(pages, "locale")
    read_for_api = getattr(model, "read_for_api", None)
    return read_for_api(pages, fields) if read_for_api and pages else nullcontext()


class PublicPagesAPIViewSet(PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer

    # Wagtail's two views, with the serialisation inside `read_together`.
    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        pages = list(self.paginate_queryset(self.filter_queryset(queryset)))
        serializer = self.get_serializer(pages, many=True)
        with read_together(queryset.model, pages, serializer.child.fields):
            return self.get_paginated_response(serializer.data)

    def detail_view(self, request, pk):
        page = self.get_object()
        serializer = self.get_serializer(page)
        with read_together(type(page), [page], serializer.fields):
            return Response(serializer.data)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
