"""Importing again changes nothing in the tree; broken files write nothing and say why."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from talks.models import ConferencePage, TalkPage
from talks.notes.pages import export_conference

from .conftest import import_file


def test_importing_either_file_twice_keeps_the_same_pages(home, three_days, one_day):
    for path in (three_days, one_day):
        import_file(path, "--publish")
        count = Page.objects.count()
        out, _ = import_file(path, "--publish")
        assert Page.objects.count() == count
        assert "0 new" in out and "talks: 0 new" in out


def test_reimport_updates_pages_in_place(home, one_day, tmp_path):
    import_file(one_day, "--publish")
    talk = TalkPage.objects.get(title__startswith="A pythonic")
    edited = tmp_path / "edited.md"
    edited.write_text(
        one_day.read_text(encoding="utf-8").replace("added full text search in 2008", "added FTS")
    )
    import_file(edited, "--publish")
    talk.refresh_from_db()
    assert "added FTS" in talk.body[0].value.source
    assert TalkPage.objects.filter(title__startswith="A pythonic").count() == 1


def test_a_talk_saved_since_by_the_editor_is_unchanged_on_reimport(home, one_day):
    import_file(one_day, "--publish")
    talk = TalkPage.objects.get(title__startswith="Async Django")
    # Saving in the editor gives every block, list item and item block an id.
    talk.body = [(child.block_type, child.value) for child in talk.body]
    talk.save_revision().publish()
    talk.refresh_from_db()
    [stored] = talk.body.raw_data
    assert all("id" in item and "id" in item["value"][0] for item in stored["value"]["items"])
    revisions = Revision.objects.count()

    out, _ = import_file(one_day, "--publish")
    assert "talks: 0 new, 0 changed, 4 unchanged" in out
    assert Revision.objects.count() == revisions


def test_dry_run_writes_nothing(home, three_days):
    count = Page.objects.count()
    out, _ = import_file(three_days, "--dry-run")
    assert "would import" in out and "talks: 29 new" in out
    assert Page.objects.count() == count


def test_without_publish_pages_are_drafts(home, one_day):
    import_file(one_day)
    assert not TalkPage.objects.live().exists()
    assert TalkPage.objects.count() == 4


BROKEN = {
    "unclosed-fence": (
        "---\ntitle: Conf\n---\n\n## Day 1\n\n### Talk\n\n```python\nprint('hi')\n",
        "line 9: this code block is never closed; expected a line with ``` to close it",
    ),
    "bad-front-matter": (
        "---\ntitle: [Conf\n---\n\n## Day 1\n\n### Talk\n\ntext\n",
        "line 2: malformed front matter",
    ),
    "empty": ("", "the file is empty"),
    "yaml-alias-bomb": (
        "---\na: &a [x, x]\nb: &b [*a, *a]\ntitle: Conf\n---\n\ntext\n",
        "malformed front matter (anchors and aliases (*name) are not allowed)",
    ),
    "impossible-date": (
        "---\ntitle: Conf\ndate: 2024-02-30\n---\n\ntext\n",
        "line 3: date “2024-02-30” is not a date; expected YYYY-MM-DD.",
    ),
    "nested-tags": (
        "---\ntitle: Conf\ntags: [{a: b}]\n---\n\ntext\n",
        "line 3: `tags` must be a list of words",
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_files_fail_with_file_line_and_expectation(home, tmp_path, name):
    content, message = BROKEN[name]
    path = tmp_path / f"{name}.md"
    path.write_text(content)
    count = Page.objects.count()
    with pytest.raises(CommandError) as failure:
        call_command("import_notes", str(path), stdout=StringIO(), stderr=StringIO())
    assert str(path) in str(failure.value)
    assert message in str(failure.value)
    assert Page.objects.count() == count


def test_a_talk_before_the_first_day_gets_a_day_of_its_own(home, tmp_path):
    path = tmp_path / "early.md"
    path.write_text(
        "---\ntitle: Conf\n---\n\n### Early talk\n\ntext\n\n## Day 1\n\n### Talk\n\ntext\n"
    )
    import_file(path)
    assert [(talk.get_parent().title, talk.title) for talk in TalkPage.objects.all()] == [
        ("Before the first day", "Early talk"),
        ("Day 1", "Talk"),
    ]


def test_binary_file_fails_cleanly(home, tmp_path):
    path = tmp_path / "photo.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CommandError, match="binary file"):
        call_command("import_notes", str(path), stdout=StringIO())
    assert not ConferencePage.objects.exists()


def test_a_slug_taken_by_another_page_type_fails_and_writes_nothing(home, tmp_path):
    path = tmp_path / "late.md"
    path.write_text(
        "---\ntitle: Conf\n---\n\n## Day 1\n\n### Good talk\n\ntext\n\n"
        "### Clashing talk\n\ntext\n\n## Day 2\n\n### Other\n\ntext\n"
    )
    Page.objects.get(pk=home.pk).add_child(instance=Page(title="Conf", slug="conf"))
    count = Page.objects.count()
    with pytest.raises(CommandError, match="line 1: a page that is not a conference"):
        call_command("import_notes", str(path), stdout=StringIO())
    assert Page.objects.count() == count


def test_hostile_text_is_escaped(client, home, tmp_path):
    path = tmp_path / "hostile.md"
    path.write_text(
        "---\ntitle: Conf <script>alert(1)</script>\n---\n\n## Day 1\n\n"
        "### <img src=x onerror=alert(1)>\n\n- <script>alert('x')</script> item\n"
        "- [link](javascript:alert(1))\n\n> <b>bold</b> -- <i>who</i>\n"
    )
    import_file(path, "--publish")
    talk = TalkPage.objects.get()
    html = client.get(talk.url).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html
    assert 'href="javascript:' not in html


def test_the_command_line_reads_images_only_inside_the_notes_folder(home, tmp_path):
    from tests.factories import make_image

    image = make_image("Stage", "stage.png")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "stage.png").write_bytes(image.file.open("rb").read())
    (notes / "secret.txt").write_text("not an image")
    outside = tmp_path / "outside.png"
    outside.write_bytes(image.file.open("rb").read())
    (notes / "link.png").symlink_to(outside)
    path = notes / "notes.md"
    path.write_text(
        "---\ntitle: Conf\n---\n\n## Talk\n\n![The stage](stage.png)\n\n"
        "![Out](../outside.png)\n\n![Abs](/etc/passwd)\n\n![Txt](secret.txt)\n\n"
        "![Link](link.png)\n"
    )
    _out, err = import_file(path)
    kinds = [block.block_type for block in TalkPage.objects.get().body]
    assert kinds == ["image", "paragraph"]  # the four others are kept as links
    assert "“../outside.png” is not an image file in the notes' folder" in err
    assert "“secret.txt” is not an image file in the notes' folder" in err
    assert "“link.png” is not an image file in the notes' folder" in err
    assert "image “/etc/passwd” was not found; kept as a link" in err


def test_images_whose_names_have_spaces_are_found_however_the_notes_write_them(home, tmp_path):
    from PIL import Image as PILImage

    notes = tmp_path / "notes"
    (notes / "assets").mkdir(parents=True)
    picture = PILImage.new("RGB", (40, 30), "#336699")
    for name in ("Pasted image 20240612.png", "assets/stage photo.jpg", "plain.png"):
        picture.save(notes / name)
    path = notes / "notes.md"
    path.write_text(
        "---\ntitle: Conf\n---\n\n## Talk\n\n![Pasted](Pasted%20image%2020240612.png)\n\n"
        "![Stage](<assets/stage photo.jpg>)\n\n![[Pasted image 20240612.png]]\n\n"
        "![[plain.png|The plain one]]\n\n![Escape](%2e%2e%2foutside.png)\n"
    )
    picture.save(tmp_path / "outside.png")
    _out, err = import_file(path)
    blocks = list(TalkPage.objects.get().body)
    assert [block.block_type for block in blocks] == ["image"] * 4 + ["paragraph"]
    assert [block.value["image"].contextual_alt_text for block in blocks[:4]] == [
        "Pasted",
        "Stage",
        "",  # Obsidian's embed names no alt text: decorative
        "The plain one",
    ]
    assert err.count("was not found") == 1  # the escape, only: never the file outside


def test_an_image_imported_again_is_found_not_stored_again_and_its_talk_is_unchanged(
    home, tmp_path
):
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    PILImage.new("RGB", (40, 30), "#336699").save(tmp_path / "stage.png")
    path = tmp_path / "notes.md"
    path.write_text("---\ntitle: Conf\n---\n\n## Talk\n\n![The stage](stage.png)\n\nText.\n")
    import_file(path)
    revisions = Revision.objects.count()
    out, _err = import_file(path)
    assert get_image_model().objects.count() == 1
    assert "talks: 0 new, 0 changed, 1 unchanged" in out
    assert Revision.objects.count() == revisions


def test_alt_text_that_the_editor_would_refuse_is_mended_and_every_image_kept(home, tmp_path):
    from PIL import Image as PILImage

    (tmp_path / "assets").mkdir()
    for name in ("assets/image-20240501103015123.png", "IMG_1234.jpg", "slide.png", "hall.png"):
        PILImage.new("RGB", (40, 30), "#336699").save(tmp_path / name)
    long_alt = (
        "A slide titled Why we rewrote the scheduler, with three columns listing latency, "
        "cost and on-call load before and after the rewrite. Each falls by about half."
    )
    path = tmp_path / "notes.md"
    path.write_text(
        "---\ntitle: Conf\n---\n\n## Talk\n\n"
        "![image-20240501103015123](assets/image-20240501103015123.png)\n\n"
        "![IMG_1234.jpg](IMG_1234.jpg)\n\n"
        "![Image of the main hall before the keynote](hall.png)\n\n"
        f"![{long_alt}](slide.png)\n"
    )
    _out, err = import_file(path)
    images = [block.value for block in TalkPage.objects.get().body]
    assert [
        (image["image"].decorative, image["image"].contextual_alt_text) for image in images
    ] == [
        (True, ""),
        (True, ""),
        (False, "The main hall before the keynote"),
        (False, long_alt.split(". ")[0] + "."),
    ]
    assert images[3]["caption"] == long_alt  # every word of the description is kept
    assert "line 7: image “assets/image-20240501103015123.png”: its alt text" in err
    assert "“IMG_1234.jpg” is a file name, not a description" in err
    assert "no longer starts “Image of”" in err
    assert f"its alt text of {len(long_alt)} characters is more than the 150" in err
    # Exported and imported again, the mended images stay as they are.
    again = tmp_path / "again.md"
    again.write_text(export_conference(ConferencePage.objects.get()))
    out, _err = import_file(again)
    assert "talks: 0 new, 0 changed, 1 unchanged" in out
    # Too long for the caption too: the whole description is a paragraph after the image.
    longer = "Dr. Ada Lovelace at the lectern. " + "She points at the engine's diagram. " * 9
    path = tmp_path / "longer.md"
    path.write_text(f'---\ntitle: Longer\n---\n\n## Talk\n\n![{longer}](hall.png "Figure 2")\n')
    import_file(path)
    figure, description = TalkPage.objects.get(url_path__contains="/longer/").body
    assert figure.value["image"].contextual_alt_text == "Dr. Ada Lovelace at the lectern."
    assert figure.value["caption"] == "Figure 2"
    assert description.value.source == f"<p>{longer.strip()}</p>".replace("'", "&#x27;")


def test_a_dry_run_warns_of_the_images_as_the_import_will_and_stores_none(home, tmp_path):
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    PILImage.new("RGB", (40, 30), "#336699").save(tmp_path / "IMG_1234.jpg")
    path = tmp_path / "notes.md"
    path.write_text("---\ntitle: Conf\n---\n\n## Talk\n\n![IMG_1234.jpg](IMG_1234.jpg)\n")
    _out, dry_err = import_file(path, "--dry-run")
    assert get_image_model().objects.count() == 0
    assert "not found" not in dry_err
    _out, err = import_file(path)
    assert dry_err == err and "“IMG_1234.jpg” is a file name" in err


def test_an_image_that_is_not_found_keeps_its_caption_and_credit_with_its_link(home, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        '## Talk\n\n![Stable vs unstable](./images/a.jpg "The two curves")\nCredit: Ben Ode\n'
    )
    _out, err = import_file(path)
    [block] = TalkPage.objects.get().body
    assert block.block_type == "paragraph" and block.value.source == (
        '<p><a href="./images/a.jpg">Stable vs unstable</a></p><p>The two curves</p>'
        "<p>Credit: Ben Ode</p>"
    )
    assert "line 3: image “./images/a.jpg” was not found; kept as a link" in err


def test_a_block_the_body_refuses_is_named_with_its_line_field_and_reason(home, tmp_path):
    path = tmp_path / "bad.md"
    # The refused block is the talk's third, eight lines below its heading.
    path.write_text(
        "---\ntitle: Conf\n---\n\n## Talk\n\nIntro.\n\n```python\nx = 1\n```\n\n"
        "<http://bad_host/recording>\n"
    )
    count = Page.objects.count()
    with pytest.raises(CommandError) as failure:
        call_command("import_notes", str(path), stdout=StringIO(), stderr=StringIO())
    message = "line 13: talk “Talk”, embed block 3: Enter a valid URL."
    assert f"{path}, {message}" in str(failure.value)
    assert Page.objects.count() == count


def test_a_metadata_line_the_page_would_refuse_stays_in_the_talk_as_text(home, tmp_path):
    path = tmp_path / "bad-url.md"
    path.write_text(
        "---\ntitle: Conf\n---\n\n## Day 1\n\n### Fine\n\ntext\n\n"
        "### Nowhere\n\nVideo: https://nowhere\n\ntext\n"
    )
    call_command("import_notes", str(path), "--publish", stdout=StringIO())
    talk = TalkPage.objects.get(slug="nowhere")
    assert talk.video_url == ""
    assert "Video: https://nowhere" in talk.body[0].value.source


def test_talks_imported_into_a_published_conference_show_on_its_cached_page(
    client, home, tmp_path, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    first = tmp_path / "first.md"
    first.write_text("---\ntitle: Conf\n---\n\n## Day 1\n\n### Opening\n\ntext\n")
    import_file(first, "--publish")
    conference = ConferencePage.objects.get()
    assert "Opening" in client.get(conference.url).content.decode()
    assert client.get(conference.url)["X-Page-Cache"] == "hit"
    more = tmp_path / "more.md"
    more.write_text(first.read_text() + "\n### Closing\n\nbye\n")
    import_file(more, "--publish")
    assert "Closing" in client.get(conference.url).content.decode()
