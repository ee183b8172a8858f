"""Media on S3 through django-storages/boto3, against moto's S3 server over HTTP."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from core.forms import STORAGE_DOWN_MESSAGE
from scripts.load_and_faults import free_port
from talks.block_values import figure
from talks.models import ConferencePage, TalkPage
from talks.notes import uploads
from tests.factories import TalkPageFactory, make_image
from tests.production.conftest import ROOT, s3_media_settings

Image = get_image_model()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "#aa3355").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def signed_in_client(client, superuser):
    client.force_login(superuser)
    return client


def upload_in_admin(client, filename: str = "keynote-stage.png") -> dict:
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(filename, png_bytes(), content_type="image/png")},
    )
    assert response.status_code == 200
    return response.json()


def test_admin_upload_block_and_talk_page_work_with_media_on_s3(
    signed_in_client, day, s3_server, s3_bucket, django_capture_on_commit_callbacks
):
    result = upload_in_admin(signed_in_client)
    assert result["success"], result
    image = Image.objects.get(pk=result["image_id"])
    assert image.file.name in s3_server.keys(s3_bucket)

    talk = TalkPageFactory(
        parent=day, title="Talk with a photo", body=[figure(image.pk, "The keynote stage")]
    )
    html = signed_in_client.get(talk.url).content.decode()
    sources = re.findall(rf"{s3_server.url}/{s3_bucket}/(\S+?\.webp)", html)
    assert len(set(sources)) == 3, html
    assert set(sources) <= s3_server.keys(s3_bucket)
    stored = s3_server.client().get_object(Bucket=s3_bucket, Key=sources[0])
    assert stored["ContentType"] == "image/webp"
    assert stored["Body"].read(12)[8:12] == b"WEBP"

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert image.file.name not in s3_server.keys(s3_bucket)
    assert not set(sources) & s3_server.keys(s3_bucket)


def test_rendition_is_rendered_and_stored_on_s3(s3_server, s3_bucket, db):
    image = make_image(filename="hall.png")
    rendition = image.get_rendition("width-480|format-webp")
    assert rendition.width == 480
    assert rendition.file.name in s3_server.keys(s3_bucket)
    assert rendition.url.startswith(f"{s3_server.url}/{s3_bucket}/images/")


def test_talk_page_renders_without_its_images_when_s3_is_down(client, day, s3_bucket):
    image = make_image(filename="stage.png")  # stored while S3 was up
    talk = TalkPageFactory(
        parent=day,
        title="Talk while S3 is down",
        body=[figure(image.pk, "The stage"), {"type": "paragraph", "value": "<p>Still here</p>"}],
    )
    with override_settings(**s3_media_settings(f"http://127.0.0.1:{free_port()}", s3_bucket)):
        response = client.get(talk.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Talk while S3 is down" in html and "Still here" in html
    assert ".webp" not in html


def test_admin_upload_says_clearly_when_s3_is_down(signed_in_client, unreachable_s3):
    result = upload_in_admin(signed_in_client, "slides.png")
    assert result == {"success": False, "error_message": STORAGE_DOWN_MESSAGE}
    assert not Image.objects.exists()


def test_single_image_form_keeps_the_title_when_s3_is_down(signed_in_client, unreachable_s3):
    response = signed_in_client.post(
        "/admin/images/add/",
        {
            "title": "Hallway track",
            "file": SimpleUploadedFile("hall.png", png_bytes(), content_type="image/png"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "media storage can&#x27;t be reached" in html
    assert 'value="Hallway track"' in html
    assert not Image.objects.exists()


NOTES = b"---\ntitle: Bucket Conf\n---\n\n## Day 1\n\n### Stored talk\n\nWords.\n"


def post_notes(client, **data):
    return client.post(reverse("talks_import_notes"), data)


def test_a_notes_upload_waits_in_the_bucket_between_preview_and_confirm(
    client, editor, s3_server, s3_bucket
):
    client.force_login(editor)
    preview = post_notes(client, file=SimpleUploadedFile("bucket.md", NOTES))
    token = preview.context["form"].initial["upload"]
    key = f"private/notes-uploads/{editor.pk}/{token}"
    assert key in s3_server.keys(s3_bucket)

    # Another container would answer the confirmation from the bucket alike.
    response = post_notes(client, upload=token, action="import")
    assert response.status_code == 302
    assert TalkPage.objects.get().title == "Stored talk"
    assert key not in s3_server.keys(s3_bucket)


def test_a_notes_upload_says_clearly_when_s3_is_down(client, editor, unreachable_s3):
    client.force_login(editor)
    response = post_notes(client, file=SimpleUploadedFile("bucket.md", NOTES))
    assert response.status_code == 200
    assert "media storage, where the file waits" in response.content.decode()
    assert not ConferencePage.objects.exists()


def anonymous_status(url: str) -> int:
    """What a browser gets for the URL: no credentials, no signature."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_compose_bucket_policy_serves_images_to_browsers_but_not_waiting_uploads(
    s3_server, s3_bucket, editor
):
    policy = (ROOT / "docker" / "media-policy.json").read_text()
    s3_server.client().put_bucket_policy(
        Bucket=s3_bucket, Policy=policy.replace("arn:aws:s3:::media/", f"arn:aws:s3:::{s3_bucket}/")
    )
    image = make_image(filename="hall.png")
    rendition = image.get_rendition("width-480|format-webp")
    token = uploads.keep(editor, SimpleUploadedFile("notes.md", b"# Notes\n"))
    waiting = f"{s3_server.url}/{s3_bucket}/{uploads.stored_name(editor, token)}"

    assert anonymous_status(rendition.url) == 200
    assert anonymous_status(image.file.url) == 200
    assert anonymous_status(waiting) == 403
