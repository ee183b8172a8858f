"""Write a parsed notes file into the page tree, in one transaction.

Pages are matched by slug within their parent, so importing a file again updates the
same pages in place. Without `publish`, changes are saved as drafts (a new revision);
live pages keep showing their published content until an editor publishes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from talks.blocks import figure, paragraph
from talks.indexing import indexing_deferred
from talks.models import ConferencePage, DayPage, TalkPage

from .errors import NotesError, NotesWarning
from .parser import DayNode, NotesDocument, PendingImage, TalkNode


@dataclass
class PlannedPage:
    """One page the import creates or updates, for the preview and the command's output."""

    kind: str
    title: str
    slug: str
    line: int
    exists: bool
    block_counts: dict[str, int] = field(default_factory=dict)
    children: list[PlannedPage] = field(default_factory=list)


@dataclass
class ImportPlan:
    document: NotesDocument
    conference: PlannedPage

    @property
    def pages(self) -> list[PlannedPage]:
        days = self.conference.children
        return [self.conference, *days, *(talk for day in days for talk in day.children)]

    def count(self, kind: str, exists: bool) -> int:
        return sum(1 for page in self.pages if page.kind == kind and page.exists == exists)

    def summary(self) -> str:
        parts = []
        for kind in ("conference", "day", "talk"):
            new, updated = self.count(kind, False), self.count(kind, True)
            parts.append(f"{kind}s: {new} new, {updated} updated")
        blocks = ", ".join(f"{n} {name}" for name, n in self.document.block_counts().items())
        return f"{'; '.join(parts)}; blocks: {blocks or 'none'}"


def home_page() -> Page:
    return Site.objects.get(is_default_site=True).root_page


def existing_children(parent: Page | None, model: type[Page]) -> dict[str, Page | None]:
    """The parent's children by slug; a page of another type in the way is an error."""
    if parent is None or parent.pk is None:
        return {}
    return {
        page.slug: page if isinstance(page, model) else None
        for page in parent.get_children().specific()
    }


def find_page(children: dict[str, Page | None], slug: str, source: str, line: int, kind: str):
    if slug in children and children[slug] is None:
        raise NotesError(
            source,
            line,
            f"a page that is not a {kind} already uses the slug “{slug}” here; "
            f"expected a {kind} or a free slug.",
        )
    return children.get(slug)


def plan_import(document: NotesDocument) -> ImportPlan:
    """What importing would create and update; reads the database, writes nothing."""
    conferences = existing_children(home_page(), ConferencePage)
    conference = find_page(conferences, document.conference_slug, document.source, 1, "conference")
    days = existing_children(conference, DayPage)
    planned = PlannedPage(
        "conference", document.conference_title, document.conference_slug, 1, conference is not None
    )
    for day_node in document.days:
        day = find_page(days, day_node.slug, document.source, day_node.line, "day")
        talks = existing_children(day, TalkPage)
        planned_day = PlannedPage(
            "day", day_node.title, day_node.slug, day_node.line, day is not None
        )
        for talk_node in day_node.talks:
            talk = find_page(talks, talk_node.slug, document.source, talk_node.line, "talk")
            counts: dict[str, int] = {}
            for block in talk_node.blocks:
                counts[block["type"]] = counts.get(block["type"], 0) + 1
            planned_day.children.append(
                PlannedPage(
                    "talk",
                    talk_node.title,
                    talk_node.slug,
                    talk_node.line,
                    talk is not None,
                    counts,
                )
            )
        planned.children.append(planned_day)
    return ImportPlan(document, planned)


def import_document(document: NotesDocument, *, publish: bool, user=None) -> ConferencePage:
    """Create or update the file's pages; on any error nothing is written."""
    with transaction.atomic(), indexing_deferred():
        return NotesImport(document, publish, user).run()


class NotesImport:
    def __init__(self, document: NotesDocument, publish: bool, user) -> None:
        self.document = document
        self.publish = publish
        self.user = user
        self.body_block = TalkPage._meta.get_field("body").stream_block

    def run(self) -> ConferencePage:
        document = self.document
        home = home_page()
        conference = find_page(
            existing_children(home, ConferencePage),
            document.conference_slug,
            document.source,
            1,
            "conference",
        )
        if conference is None or document.owns_conference:
            conference = conference or ConferencePage(
                title=document.conference_title, slug=document.conference_slug
            )
            conference.title = document.conference_title
            conference.intro = document.intro
            conference.show_table_of_contents = document.show_table_of_contents
            self.save(home, conference, is_new=conference.pk is None)
        elif document.show_table_of_contents and not conference.show_table_of_contents:
            conference.show_table_of_contents = True
            self.save(home, conference, is_new=False)

        days = existing_children(conference, DayPage)
        for day_node in document.days:
            day, is_new = self.existing_or_new(days, day_node, DayPage, "day")
            day.title, day.intro = day_node.title, day_node.intro
            self.save(conference, day, is_new)
            talks = existing_children(day, TalkPage)
            for talk_node in day_node.talks:
                talk, is_new = self.existing_or_new(talks, talk_node, TalkPage, "talk")
                talk.title, talk.talk_url = talk_node.title, talk_node.talk_url
                talk.body = self.body(talk_node)
                talk.tags.set(document.tags)
                self.save(day, talk, is_new)
        return conference

    def existing_or_new(
        self,
        children: dict[str, Page | None],
        node: DayNode | TalkNode,
        model: type[Page],
        kind: str,
    ) -> tuple[Page, bool]:
        """The page this node updates (matched by slug), or a new one; and whether it's new."""
        page = find_page(children, node.slug, self.document.source, node.line, kind)
        return (page, False) if page is not None else (model(slug=node.slug), True)

    def save(self, parent: Page, page: Page, is_new: bool) -> None:
        if self.document.published and (is_new or not page.first_published_at):
            page.first_published_at = self.document.published
        if is_new:
            page.live = False
            parent.add_child(instance=page)
        # add_child has just validated a new page; validate existing ones here.
        revision = page.save_revision(user=self.user, log_action=True, clean=not is_new)
        if self.publish:
            revision.publish(user=self.user)

    def body(self, talk: TalkNode) -> list[dict]:
        blocks = [
            self.image(block, talk) if block["type"] == "image" else block for block in talk.blocks
        ]
        try:
            self.body_block.clean(self.body_block.to_python(blocks))
        except ValidationError as error:
            messages = "; ".join(error.messages) if hasattr(error, "messages") else str(error)
            raise NotesError(
                self.document.source, talk.line, f"talk “{talk.title}” can't be saved ({messages})."
            ) from error
        return blocks

    def image(self, block: dict, talk: TalkNode) -> dict:
        pending: PendingImage = block["value"]
        image = self.stored_image(pending)
        if image is None:
            self.document.warnings.append(
                NotesWarning(pending.line, f"image “{pending.src}” was not found; kept as a link.")
            )
            text = escape(pending.alt or pending.src)
            return paragraph(f'<p><a href="{escape(pending.src)}">{text}</a></p>')
        if not pending.alt:
            return {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "", "decorative": True},
                    "caption": pending.caption,
                    "attribution": "",
                },
            }
        return figure(image.pk, pending.alt, pending.caption)

    def stored_image(self, pending: PendingImage):
        Image = get_image_model()
        if pending.path is None:
            name = pending.src.removeprefix(settings.MEDIA_URL)
            return Image.objects.filter(file=name).first()
        content = pending.path.read_bytes()
        file_hash = hashlib.sha1(content).hexdigest()
        image = Image.objects.filter(file_hash=file_hash).first()
        if image is None:
            with pending.path.open("rb") as handle:
                image = Image(title=pending.alt or pending.path.stem)
                image.file = File(handle, name=pending.path.name)
                image.save()
        return image
