"""The content checker's configuration, as the editor's Checks panel receives it."""

import json
import re

from accessibility.rules import WCAG_AXE_TAGS


def checker_configuration(client, user, talk) -> dict:
    client.force_login(user)
    html = client.get(f"/admin/pages/{talk.pk}/edit/").content.decode()
    match = re.search(
        r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "the edit view has no checker configuration"
    return json.loads(match.group(1))


def test_editors_get_the_rules_they_can_fix_in_their_notes(client, moderator, talk):
    config = checker_configuration(client, moderator, talk)
    run_only = config["options"]["runOnly"]
    assert {"notes-link-text", "notes-heading-sequence", "notes-table-headers"} <= set(run_only)
    assert {"alt-text-quality", "notes-alt-text-length", "link-name"} <= set(run_only)
    assert "color-contrast" not in run_only  # the templates' business, not the editor's
    assert "click here" in json.dumps(config["spec"]["checks"])
    assert config["messages"]["notes-link-text"]["help_text"].startswith("Replace “click here”")


def test_superusers_get_every_wcag_and_best_practice_rule(client, superuser, talk):
    run_only = checker_configuration(client, superuser, talk)["options"]["runOnly"]
    assert set(WCAG_AXE_TAGS) <= set(run_only)
    assert "notes" in run_only  # the site's own rules come along


def test_alt_text_check_uses_the_same_patterns_as_the_save_rules(client, moderator, talk):
    checks = checker_configuration(client, moderator, talk)["spec"]["checks"]
    pattern = next(c for c in checks if c["id"] == "check-image-alt-text")["options"]["pattern"]
    assert re.search(pattern, "IMG_0042.jpg", re.I)
    assert re.search(pattern, "Picture of the stage", re.I)
    assert not re.search(pattern, "Ada at the lectern_with slides", re.I)


def test_published_pages_load_the_sites_checks_for_the_userbar(client, moderator, talk):
    client.force_login(moderator)
    html = client.get(talk.url).content.decode()
    assert "accessibility/content-checks.js" in html
