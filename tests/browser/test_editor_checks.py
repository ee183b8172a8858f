"""An editor in the real Wagtail admin: save-time rules and the content checker."""

from playwright.sync_api import Page, expect

from talks.models import DayPage, TalkPage
from tests.browser.admin_ui import add_block, log_in
from tests.factories import TalkPageFactory

DEMO_TALK = "accessibility-audits-live"  # paragraph, h2, paragraph, code
PASSWORD = "password"  # tests.factories.make_user


def publish(page: Page) -> None:
    # Drafts defer validation; publishing applies every rule.
    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish", exact=True).click()


def test_image_alt_text_that_is_a_file_name_is_refused_on_that_block(page, demo, moderator):
    talk = TalkPage.objects.get(slug=DEMO_TALK)
    log_in(page, moderator.username, PASSWORD, then=f"/admin/pages/{talk.pk}/edit/")
    add_block(page, "Image")
    page.get_by_role("button", name="Choose an image").click()
    page.locator(".modal a[data-chooser-modal-choice]").first.click()
    alt_text = page.locator("input[id$='-image-alt_text']")
    # Wagtail offers the image's description as a starting point…
    expect(alt_text).not_to_have_value("")
    alt_text.fill("IMG_0042.jpg")
    publish(page)

    expect(page.get_by_text("The page could not be saved due to validation errors")).to_be_visible()
    field = page.locator("[data-contentpath='alt_text']", has=alt_text)
    expect(field.locator(".error-message")).to_have_text(
        "Alt text must describe the image, not repeat its file name."
    )
    expect(alt_text).to_have_value("IMG_0042.jpg")  # the editor's input is kept
    expect(page.locator(".error-message")).to_have_count(1)
    talk.refresh_from_db()
    assert "image" not in [child.block_type for child in talk.body]


def test_h4_right_after_h2_is_refused_naming_the_heading(page, demo, moderator):
    talk = TalkPage.objects.get(slug=DEMO_TALK)
    log_in(page, moderator.username, PASSWORD, then=f"/admin/pages/{talk.pk}/edit/")
    heading = add_block(page, "Heading")
    page.locator(f"#{heading}-value-level").select_option("h4")
    page.locator(f"#{heading}-value-text").fill("Tooling we tried")
    publish(page)

    expect(page.get_by_text("The page could not be saved due to validation errors")).to_be_visible()
    expect(
        page.get_by_text("Headings must start at h2 and go down one level at a time.")
    ).to_be_visible()
    level_field = page.locator("[data-contentpath='level']").filter(has_text="right after")
    expect(level_field).to_have_count(1)
    expect(level_field.locator(".error-message")).to_have_text(
        "Heading “Tooling we tried” is h4 right after h2; use h3."
    )
    talk.refresh_from_db()
    assert "Tooling we tried" not in [
        child.value["text"] for child in talk.body if child.block_type == "heading"
    ]


def test_checker_in_preview_reports_click_here_links(page, demo, moderator):
    talk = TalkPageFactory(
        parent=DayPage.objects.get(slug="day-1"),
        title="Notes with a vague link",
        body=[
            {
                "type": "paragraph",
                "value": '<p>The slides are online: <a href="https://x.example/slides">click here</a>.</p>',
            }
        ],
    )
    log_in(page, moderator.username, PASSWORD, then=f"/admin/pages/{talk.pk}/edit/")
    page.locator("[data-side-panel-toggle='checks']").click()
    panel = page.locator("[data-side-panel='checks']")
    expect(panel.locator("[data-content-checker-name]")).to_contain_text(
        ["Link text doesn't say where it goes"], timeout=15_000
    )
    expect(panel.locator("[data-content-checker-help]")).to_contain_text(
        ["Replace “click here”, “read more” or a bare URL"]
    )
