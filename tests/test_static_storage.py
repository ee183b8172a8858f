"""Static file URLs are worked out once per manifest (core/static_storage.py)."""

from django.test import override_settings

from core.static_storage import StaticFilesStorage


@override_settings(DEBUG=False)
def test_a_static_url_follows_the_manifest_it_came_from(tmp_path):
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.hashed_files = {"css/site.css": "css/site.1111.css"}
    assert storage.url("css/site.css") == "/static/css/site.1111.css"
    assert storage.url("css/site.css") == "/static/css/site.1111.css"

    storage.hashed_files = {"css/site.css": "css/site.2222.css"}  # as collectstatic does
    assert storage.url("css/site.css") == "/static/css/site.2222.css"
