"""The document model ↔ the page tree: import a document, and read a conference back.

Pages are matched by slug within their parent, so importing a file again updates the
same pages in place, and a page whose fields would not change gets no new revision.
Without `publish`, changes are saved as drafts; live pages keep showing their published
content until an editor publishes. Each import runs in one transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Site
from wagtail.signals import page_published

from talks.block_values import content_of, figure, paragraph
from talks.indexing import indexing_deferred
from talks.models import ConferencePage, DayPage, Speaker, TalkPage, TalkPageTag, TalkSpeaker

from .document import Day, Document, ImageRef, Talk, merge_paragraphs
from .errors import NotesError, NotesWarning
from .writer import talk_body_markdown, talk_markdown, write_notes

IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
CONFERENCE_FIELDS = ("title", "intro", "start_date", "end_date", "location", "website")
DAY_FIELDS = ("title", "intro", "date")
TALK_FIELDS = ("title", "talk_url", "video_url", "slides_url", "summary")


@dataclass
class PlannedPage:
    """One page the import creates or updates, for the preview and the command's output."""

    kind: str
    title: str
    slug: str
    line: int
    exists: bool
    changed: bool = True
    block_counts: dict[str, int] = field(default_factory=dict)
    children: list[PlannedPage] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "changed" if self.exists and self.changed else "unchanged" if self.exists else "new"


@dataclass
class ImportPlan:
    document: Document
    conference: PlannedPage
    #: The conference page imported into (unsaved on a dry run of a new conference).
    page: ConferencePage | None = None

    @property
    def pages(self) -> list[PlannedPage]:
        days = self.conference.children
        return [self.conference, *days, *(talk for day in days for talk in day.children)]

    def count(self, kind: str, status: str) -> int:
        return sum(1 for page in self.pages if page.kind == kind and page.status == status)

    def summary(self) -> str:
        parts = []
        for kind in ("conference", "day", "talk"):
            counts = ", ".join(
                f"{self.count(kind, status)} {status}" for status in ("new", "changed", "unchanged")
            )
            parts.append(f"{kind}s: {counts}")
        blocks = ", ".join(f"{n} {name}" for name, n in self.document.block_counts().items())
        return f"{'; '.join(parts)}; blocks: {blocks or 'none'}"


def home_page() -> Page:
    return Site.objects.get(is_default_site=True).root_page


def existing_children(parent: Page | None, model: type[Page]) -> dict[str, Page | None]:
    """The parent's children by slug; a page of another type in the way is None."""
    if parent is None or parent.pk is None:
        return {}
    return {
        page.slug: page if isinstance(page, model) else None
        for page in parent.get_children().specific().prefetch_related(*prefetches(model))
    }


def prefetches(model: type[Page]) -> tuple[str, ...]:
    return ("tagged_items__tag", "talk_speakers__speaker") if model is TalkPage else ()


def find_page(children: dict[str, Page | None], slug: str, source: str, line: int, kind: str):
    if slug in children and children[slug] is None:
        raise NotesError(
            source,
            line,
            f"a page that is not a {kind} already uses the slug “{slug}” here; "
            f"expected a {kind} or a free slug.",
        )
    return children.get(slug)


def plan_import(
    document: Document, base_dir: Path | None = None, *, publish: bool = False, user=None
) -> ImportPlan:
    """What importing would create and change; reads the database, writes nothing. With a
    user, pages they may not change (or publish) are refused here already."""
    return NotesImport(document, publish, user, base_dir, dry_run=True).run()


def import_document(
    document: Document,
    *,
    publish: bool,
    user=None,
    base_dir: Path | None = None,
    submit: bool = False,
) -> ImportPlan:
    """Create or update the file's pages; on any error nothing is written."""
    with transaction.atomic(), indexing_deferred():
        return NotesImport(document, publish, user, base_dir, submit=submit).run()


def talk_body(document: Document, talk: Talk) -> list[dict]:
    """A talk's blocks as importing stores them (images from the site's media, others kept
    as links), checked by the body's rules; writes nothing."""
    return NotesImport(document, publish=False, user=None, base_dir=None, dry_run=True).body(talk)


class NotesImport:
    def __init__(
        self,
        document: Document,
        publish: bool,
        user,
        base_dir: Path | None,
        dry_run: bool = False,
        submit: bool = False,
    ) -> None:
        self.document = document
        self.publish = publish
        self.user = user
        self.dry_run = dry_run
        self.submit = submit
        self.images = ImageFinder(base_dir, document, store=not dry_run)
        self.body_block = TalkPage._meta.get_field("body").stream_block
        self.history: list[tuple[Page, str, object]] = []

    def run(self) -> ImportPlan:
        document = self.document
        home = home_page()
        conference = find_page(
            existing_children(home, ConferencePage), document.slug, document.source, 1, "conference"
        )
        is_new = conference is None
        conference = conference or ConferencePage(slug=document.slug)
        wanted: dict = {"show_table_of_contents": document.show_table_of_contents}
        if is_new or document.owns_conference:
            wanted |= {name: getattr(document, name) for name in CONFERENCE_FIELDS}
        elif conference.show_table_of_contents:
            wanted = {}  # a one-day file never turns its conference's contents list off
        planned = PlannedPage("conference", document.title, document.slug, 1, not is_new)
        planned.changed = self.apply(home, conference, wanted, is_new, 1)

        days = existing_children(conference, DayPage)
        for day_node in document.days:
            day, is_new = self.existing_or_new(days, day_node, DayPage, "day")
            planned_day = PlannedPage(
                "day", day_node.title, day_node.slug, day_node.line, not is_new
            )
            planned_day.changed = self.apply(
                conference,
                day,
                {name: getattr(day_node, name) for name in DAY_FIELDS},
                is_new,
                day_node.line,
            )
            talks = existing_children(day, TalkPage)
            for talk_node in day_node.talks:
                planned_day.children.append(self.talk(day, talks, talk_node))
            planned.children.append(planned_day)
        self.write_history()
        return ImportPlan(document, planned, conference)

    def talk(self, day: Page, talks: dict[str, Page | None], node: Talk) -> PlannedPage:
        talk, is_new = self.existing_or_new(talks, node, TalkPage, "talk")
        wanted = {name: getattr(node, name) for name in TALK_FIELDS}
        wanted["body"] = self.body(node)
        wanted["tags"] = sorted(dict.fromkeys([*self.document.tags, *node.tags]))
        wanted["speakers"] = node.speakers
        planned = PlannedPage("talk", node.title, node.slug, node.line, not is_new)
        planned.block_counts = node.block_counts()
        planned.changed = self.apply(day, talk, wanted, is_new, node.line)
        return planned

    def existing_or_new(
        self, children: dict[str, Page | None], node: Day | Talk, model: type[Page], kind: str
    ) -> tuple[Page, bool]:
        """The page this node updates (matched by slug), or a new one; and whether it's new."""
        page = find_page(children, node.slug, self.document.source, node.line, kind)
        return (page, False) if page is not None else (model(slug=node.slug), True)

    def check_allowed(self, parent: Page, page: Page, is_new: bool, line: int) -> None:
        """Refuse, naming the page and line, what the user may not do to it in the editor:
        add under its parent, edit it, change it while someone else holds its lock, or
        publish it."""
        if is_new:
            if parent.pk is None:
                return  # under a page this import adds: its own parent was checked
            permissions = parent.permissions_for_user(self.user)
            allowed = permissions.can_add_subpage() and (
                not self.publish or permissions.can_publish_subpage()
            )
            if not allowed:
                action = "add and publish pages" if self.publish else "add pages"
                raise NotesError(
                    self.document.source,
                    line,
                    f"you may not {action} under “{parent.title}”; nothing was imported.",
                )
            return
        permissions = page.permissions_for_user(self.user)
        lock = page.get_lock()
        if lock is not None and lock.for_user(self.user):
            problem = "it is locked"
        elif not permissions.can_edit():
            problem = "you may not edit it"
        elif self.publish and not permissions.can_publish():
            problem = "you may not publish it"
        else:
            return
        raise NotesError(
            self.document.source,
            line,
            f"“{page.title}” can't be updated: {problem}; nothing was imported.",
        )

    def apply(self, parent: Page, page: Page, wanted: dict, is_new: bool, line: int) -> bool:
        """Set the wanted fields and save a revision, unless nothing would change."""
        current = page if is_new else editable_state(page)
        changed = is_new or any(
            field_value(current, name) != comparable(name, value) for name, value in wanted.items()
        )
        if self.publish and not is_new and (not page.live or page.has_unpublished_changes):
            changed = True
        if changed and self.user is not None:
            self.check_allowed(parent, page, is_new, line)
        if not changed or self.dry_run:
            return changed
        target = page if is_new else current
        for name, value in wanted.items():
            if is_new and name in ("tags", "speakers") and not value:
                continue  # a new page has none; setting none costs queries
            self.set_field(target, name, value)
        self.save(parent, target, is_new)
        return True

    def set_field(self, page: Page, name: str, value) -> None:
        if name == "tags":
            page.tags.set(value)
        elif name == "speakers":
            page.talk_speakers = [
                TalkSpeaker(speaker=speaker, sort_order=index)
                for index, speaker in enumerate(self.speakers(value))
            ]
        else:
            setattr(page, name, value)

    def speakers(self, names: list[str]) -> list[Speaker]:
        """Speaker snippets matched by name; a name the site doesn't know yet is added."""
        found = {speaker.name: speaker for speaker in Speaker.objects.filter(name__in=names)}
        for name in names:
            if name not in found:
                base = slugify(name, allow_unicode=True)[:240] or "speaker"
                slug, counter = base, 2
                while Speaker.objects.filter(slug=slug).exists():
                    slug, counter = f"{base}-{counter}", counter + 1
                found[name] = Speaker.objects.create(name=name[:255], slug=slug, live=self.publish)
        return [found[name] for name in dict.fromkeys(names)]

    def save(self, parent: Page, page: Page, is_new: bool) -> None:
        if self.document.published and (is_new or not page.first_published_at):
            page.first_published_at = self.document.published
        if not is_new:
            revision = page.save_revision(user=self.user, log_action=True)
            if self.publish:
                revision.publish(user=self.user)
            elif self.submit:
                submit_for_moderation(page, self.user)
            return
        publish_now = self.publish
        if publish_now:
            # A new page is saved live straight away, which is what publishing its first
            # revision would do, in a third of the queries (1,000 talks in seconds).
            page.first_published_at = page.first_published_at or timezone.now()
            page.last_published_at = timezone.now()
        page.live = publish_now
        parent.add_child(instance=page)  # validates the page
        revision = page.save_revision(user=self.user, clean=False, changed=not publish_now)
        self.history.append((page, "wagtail.create", revision))
        if publish_now:
            type(page).objects.filter(pk=page.pk).update(live_revision=revision)
            page.live_revision = revision
            self.history.append((page, "wagtail.publish", revision))
        elif self.submit:
            submit_for_moderation(page, self.user)

    def write_history(self) -> None:
        """The new pages' "created" and "published" entries, in one insert; and the
        published signal for each, as publishing sends it (caches listen to it)."""
        now = timezone.now()
        PageLogEntry.objects.bulk_create(
            PageLogEntry(
                content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                label=page.get_admin_display_title(),
                action=action,
                timestamp=now,
                data={},
                user=self.user,
                page=page,
                revision=revision,
                content_changed=True,
            )
            for page, action, revision in self.history
        )
        for page, action, revision in self.history:
            if action == "wagtail.publish":
                page_published.send(sender=type(page), instance=page, revision=revision)

    def body(self, talk: Talk) -> list[dict]:
        # An image that isn't found becomes a link paragraph, which joins its neighbours.
        blocks = merge_paragraphs(
            [
                self.image(block["value"]) if block["type"] == "image" else block
                for block in talk.blocks
            ]
        )
        try:
            self.body_block.clean(self.body_block.to_python(blocks))
        except ValidationError as error:
            raise NotesError(
                self.document.source, talk.line, block_error(talk, blocks, error)
            ) from error
        return blocks

    def image(self, ref: ImageRef) -> dict:
        image = self.images.find(ref)
        if image is None:
            self.document.warnings.append(
                NotesWarning(ref.line, f"image “{ref.src}” was not found; kept as a link.")
            )
            text = escape(ref.alt or ref.src)
            return paragraph(f'<p><a href="{escape(ref.src)}">{text}</a></p>')
        if not ref.alt:
            block = figure(image.pk, "", ref.caption, ref.credit)
            block["value"]["image"]["decorative"] = True
            return block
        return figure(image.pk, ref.alt, ref.caption, ref.credit)


def submit_for_moderation(page: Page, user) -> None:
    """Start the page's moderation workflow, as "Submit for moderation" in the editor does."""
    workflow = page.get_workflow()
    if workflow is None:
        return
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        return
    workflow.start(page, user)


def block_error(talk: Talk, blocks: list[dict], error: ValidationError) -> str:
    """Which block of the talk is refused, which field (inner fields too) and why."""
    block_errors = getattr(error, "block_errors", None) or {}
    for index, problem in block_errors.items():
        kind = blocks[index]["type"] if index < len(blocks) else "block"
        names = []
        while isinstance(getattr(problem, "block_errors", None), dict) and problem.block_errors:
            name, problem = next(iter(problem.block_errors.items()))
            names.append(str(name))
        messages = "; ".join(getattr(problem, "messages", [str(problem)]))
        field = f" {'.'.join(names)}:" if names else ""
        return f"talk “{talk.title}”, {kind} block {index + 1}:{field} {messages}"
    messages = "; ".join(error.messages) if hasattr(error, "messages") else str(error)
    return f"talk “{talk.title}” can't be saved ({messages})."


def editable_state(page: Page) -> Page:
    """What an editor would see: the latest draft if there is one, else the page."""
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def field_value(page: Page, name: str):
    if name == "tags":
        return sorted(item.tag.name for item in page.tagged_items.all())
    if name == "speakers":
        return [link.speaker.name for link in page.talk_speakers.all()]
    if name == "body":
        return comparable("body", list(page.body.raw_data))
    return getattr(page, name)


def comparable(name: str, value):
    """Field values as stored, so a file that hasn't changed compares equal."""
    if name == "body":
        return content_of(value)
    if name in ("intro", "summary", "location", "talk_url", "video_url", "slides_url", "website"):
        return value or ""
    return value


class ImageFinder:
    """Images the notes name: beside the notes file (CLI), or already in the site's media."""

    def __init__(self, base_dir: Path | None, document: Document, store: bool) -> None:
        self.base_dir = base_dir.resolve() if base_dir else None
        self.document = document
        self.store = store
        self.Image = get_image_model()

    def find(self, ref: ImageRef):
        if ref.src.startswith(settings.MEDIA_URL):
            return self.from_media(ref.src.removeprefix(settings.MEDIA_URL))
        path = self.local_path(ref)
        if path is None:
            return None
        content = path.read_bytes()
        image = self.Image.objects.filter(file_hash=hashlib.sha1(content).hexdigest()).first()
        if image is None and self.store:
            with path.open("rb") as handle:
                image = self.Image(title=ref.alt[:255] or path.stem)
                image.file = File(handle, name=path.name)
                image.save()
        return image

    def from_media(self, name: str):
        image = self.Image.objects.filter(file=name).first()
        # An export names the file in the site's storage; its record may be gone.
        is_image = Path(name).suffix.lower() in IMAGE_EXTENSIONS
        if image is None and self.store and is_image and default_storage.exists(name):
            image = self.Image(title=Path(name).stem, file=name)
            image.save()
        return image

    def local_path(self, ref: ImageRef) -> Path | None:
        """An image file inside the notes file's folder; nothing outside it, ever."""
        if self.base_dir is None or "://" in ref.src or ref.src.startswith(("/", "\\")):
            return None
        path = (self.base_dir / ref.src).resolve()
        if not path.is_relative_to(self.base_dir) or path.suffix.lower() not in IMAGE_EXTENSIONS:
            self.document.warnings.append(
                NotesWarning(
                    ref.line, f"image “{ref.src}” is not an image file in the notes' folder."
                )
            )
            return None
        return path if path.is_file() else None


# -- pages → document ---------------------------------------------------------------


def conference_document(conference: ConferencePage, readers_only: bool = False) -> Document:
    """The conference and everything under it, as the document model; with `readers_only`,
    only the days and talks readers see (live, public), as they were published."""
    days = DayPage.objects.child_of(conference).order_by("path")
    talks = TalkPage.objects.descendant_of(conference).order_by("path")
    if readers_only:
        days, talks = days.visible(), talks.visible()
    days = list(days)
    talks = list(
        talks.prefetch_related(
            Prefetch("tagged_items", TalkPageTag.objects.select_related("tag")),
            Prefetch("talk_speakers", TalkSpeaker.objects.select_related("speaker")),
        )
    )
    images = images_in(talks)
    document = Document(
        source=conference.slug,
        title=conference.title,
        slug=conference.slug,
        intro=conference.intro or "",
        published=conference.first_published_at,
        start_date=conference.start_date,
        end_date=conference.end_date,
        location=conference.location,
        website=conference.website,
        show_table_of_contents=conference.show_table_of_contents,
    )
    for day in days:
        node = Day(day.title, day.slug, date=day.date, intro=day.intro or "")
        node.talks = [talk_node(talk, images) for talk in talks if talk.path.startswith(day.path)]
        document.days.append(node)
    return document


def images_in(talks: list[TalkPage]) -> dict:
    """The images the talks' image blocks show, by id, in one query."""
    return get_image_model().objects.in_bulk(
        {
            block["value"]["image"]["image"]
            for talk in talks
            for block in talk.body.raw_data
            if block["type"] == "image" and block["value"].get("image")
        }
    )


def talk_node(talk: TalkPage, images: dict) -> Talk:
    return Talk(
        title=talk.title,
        slug=talk.slug,
        talk_url=talk.talk_url,
        video_url=talk.video_url,
        slides_url=talk.slides_url,
        speakers=[link.speaker.name for link in talk.talk_speakers.all()],
        tags=sorted(item.tag.name for item in talk.tagged_items.all()),
        summary=talk.summary,
        blocks=[stored_block(block, images) for block in talk.body.raw_data],
    )


def stored_block(block: dict, images: dict) -> dict:
    if block["type"] != "image":
        return content_of([block])[0]
    value = block["value"]
    image = images.get(value["image"]["image"])
    alt = "" if value["image"].get("decorative") else value["image"].get("alt_text", "")
    ref = ImageRef(
        src=image.file.url if image else "",
        alt=alt,
        caption=value.get("caption") or "",
        credit=value.get("attribution") or "",
    )
    return {"type": "image", "value": ref}


def export_conference(conference: ConferencePage, readers_only: bool = False) -> str:
    """The conference as Markdown notes, through the document model."""
    return write_notes(conference_document(conference, readers_only))


def export_talk(talk: TalkPage, body_only: bool = False) -> str:
    """One talk's notes as Markdown: its heading, fields and blocks, or just its blocks."""
    node = talk_node(talk, images_in([talk]))
    parts = talk_body_markdown(node) if body_only else talk_markdown(node, [])
    return "\n\n".join(part for part in parts if part) + "\n"
