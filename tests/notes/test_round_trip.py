"""Export → import → export gives the same Markdown, tree, fields and blocks."""

from io import StringIO

import pytest
from django.core.management import call_command

from talks.models import ConferencePage, DayPage, TalkPage

from .conftest import ONE_DAY, THREE_DAYS, import_file, seed


def export(slug: str) -> str:
    out = StringIO()
    call_command("export_notes", slug, stdout=out)
    return out.getvalue()


def snapshot(conference: ConferencePage) -> list:
    pages = [
        conference,
        *DayPage.objects.child_of(conference),
        *TalkPage.objects.descendant_of(conference),
    ]
    rows = []
    for page in sorted((page.specific for page in pages), key=lambda page: page.path):
        fields = {"title": page.title, "slug": page.slug, "type": type(page).__name__}
        for name in ("intro", "talk_url", "show_table_of_contents"):
            if hasattr(page, name):
                fields[name] = getattr(page, name)
        if isinstance(page, TalkPage):
            fields["body"] = [
                {"type": block["type"], "value": block["value"]} for block in page.body.raw_data
            ]
            fields["tags"] = sorted(tag.name for tag in page.tags.all())
        rows.append(fields)
    return rows


@pytest.mark.parametrize("name", [THREE_DAYS, ONE_DAY])
def test_export_import_export_is_stable(home, name, tmp_path):
    import_file(seed(name), "--publish")
    conference = ConferencePage.objects.get()
    first = export(conference.slug)
    before = snapshot(conference)

    conference.delete()
    exported = tmp_path / "export.md"
    exported.write_text(first, encoding="utf-8")
    import_file(exported, "--publish")
    conference = ConferencePage.objects.get()
    assert snapshot(conference) == before
    assert export(conference.slug) == first


def test_export_writes_the_import_dialect(home, three_days, tmp_path):
    import_file(three_days, "--publish")
    output = tmp_path / "out.md"
    call_command("export_notes", "djangocon-us-2023", "-o", str(output), stdout=StringIO())
    text = output.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: DjangoCon US 2023\ndate: '2023-10-26'\n")
    assert "{{< toc >}}" in text
    assert "## Day 2\n\n### Postgres Performance: From Slow to Pro" in text
    assert (
        '> "I am going to say some words here I don\'t fully understand" -- [@lacey](https://hachyderm.io/@lacey)'
        in text
    )
    assert "| Selenium | Cypress | Playwright |" in text
    assert "```\nimport pghistory\n" in text


def test_export_of_an_unknown_conference_fails(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No conference"):
        call_command("export_notes", "nope", stdout=StringIO())
