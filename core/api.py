"""The read API: Wagtail's API v2 at /api/v2/ (pages, images, documents).

Read-only by construction (API v2 has no write endpoints). Pages are live and public
only (Wagtail's PagesAPIViewSet filters drafts and view-restricted pages out);
documents in restricted collections are left out too.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
