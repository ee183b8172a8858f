"""Accessibility rules this site enforces on editors' content."""

import re

MAX_ALT_TEXT_LENGTH = 150
# A file name, or a camera's or a screenshot tool's name for one: "IMG_0042", "DSC01234",
# Typora's "image-20240501103015123", "Screenshot 2024-05-01 at 10.30.15",
# Obsidian's "Pasted image 20240612…". (Also given to the checker's JavaScript.)
FILENAME_LIKE = re.compile(
    r"\.(avif|gif|jpe?g|png|svg|webp|heic)\s*$|^(img|dsc|pxl)[_-]?\d+"
    r"|^(image|screen ?shot|pasted image|cleanshot|snipaste)[\s_-]*(\d{8}|\d{4}-\d\d-\d\d)",
    re.I,
)
REDUNDANT_PREFIX = re.compile(r"^\s*(an?\s+)?(image|picture|photo|photograph)\s+of\b", re.I)

# The axe-core tags the published site is held to (browser tests, `audit_accessibility`,
# and the full set superusers see in the content checker): WCAG 2.2 A/AA and best practice.
WCAG_AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def names_the_file(alt: str, *, filename: str = "", title: str = "") -> bool:
    """Whether `alt` is a file name ("IMG_0042.jpg", the image's own file or title)
    rather than a description."""
    alt = alt.strip().lower()
    names = {filename.lower(), filename.rsplit(".", 1)[0].lower()} if filename else set()
    return bool(
        FILENAME_LIKE.search(alt)
        or alt in names
        or (title and alt == title.lower() and FILENAME_LIKE.search(title))
    )


def alt_text_problems(alt: str, *, filename: str = "", title: str = "") -> list[str]:
    """What is wrong with `alt` as a description of an image, in words an editor can act on."""
    alt = alt.strip()
    problems = []
    if not alt:
        return ["Describe the image, or tick “decorative” if it adds nothing to the text."]
    if names_the_file(alt, filename=filename, title=title):
        problems.append("Alt text must describe the image, not repeat its file name.")
    if REDUNDANT_PREFIX.match(alt):
        problems.append(
            "Don't start with “image of” or “picture of”: screen readers already say it is an image."
        )
    if len(alt) > MAX_ALT_TEXT_LENGTH:
        problems.append(
            f"Keep alt text to {MAX_ALT_TEXT_LENGTH} characters or fewer "
            f"(this is {len(alt)}); put the rest in the caption."
        )
    return problems
