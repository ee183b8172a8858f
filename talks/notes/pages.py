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
from urllib.parse import unquote

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
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Page, PageLogEntry, Site
from wagtail.signals import page_published

from core.frontend_cache import purges_batched
from core.page_cache import clears_batched
from talks.block_values import content_of, figure, paragraph
from talks.indexing import indexing_deferred
from talks.models import ConferencePage, DayPage, Speaker, TalkPage, TalkPageTag, TalkSpeaker

from .alt_text import imported_alt_text
from .bulk import InvalidPage, NewPage, page_error, save_new_pages
from .dialect import SpeakerProfile
from .document import Day, Document, ImageRef, Talk, merge_paragraphs
from .errors import NotesError, NotesWarning, shown
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
    notes_import = NotesImport(document, publish, user, base_dir, submit=submit)
    try:
        with transaction.atomic(), clears_batched(), purges_batched(), indexing_deferred():
            return notes_import.run()
    except BaseException:
        # The rollback takes the images' rows; their files are in storage already.
        notes_import.images.delete_stored_files()
        raise


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
        # New pages wait here, by parent in tree order, to be saved together at the end.
        self.new_pages: dict[int, tuple[Page, list[NewPage]]] = {}
        self.known_speakers: dict[str, Speaker] | None = None
        # What the file's speaker lines say of each name, for a speaker new to the site.
        self.speaker_profiles: dict[str, SpeakerProfile] = {
            name: profile
            for talk in document.talks
            for name, profile in talk.speaker_profiles.items()
        }
        self.taken_slugs: set[str] = set()
        self.known_tags: dict[str, Tag] | None = None
        self.add_permissions: dict[int, bool] = {}

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
        self.save_new_pages()
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
            if parent.pk not in self.add_permissions:
                permissions = parent.permissions_for_user(self.user)
                self.add_permissions[parent.pk] = permissions.can_add_subpage() and (
                    not self.publish or permissions.can_publish_subpage()
                )
            if not self.add_permissions[parent.pk]:
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
        if is_new:
            for name, value in wanted.items():
                if name not in ("tags", "speakers"):
                    setattr(page, name, value)
            children = {
                "tagged_items": self.tag_links(wanted.get("tags", [])),
                "talk_speakers": self.speaker_links(wanted.get("speakers", [])),
            }
            self.new_pages.setdefault(id(parent), (parent, []))[1].append(
                NewPage(page, line, children)
            )
        else:
            for name, value in wanted.items():
                self.set_field(current, name, value)
            self.save(current, line)
        return True

    def set_field(self, page: Page, name: str, value) -> None:
        if name == "tags":
            page.tags.set([link.tag for link in self.tag_links(value)])
        elif name == "speakers":
            page.talk_speakers = self.speaker_links(value)
        else:
            setattr(page, name, value)

    def tag_links(self, names: list[str]) -> list[TalkPageTag]:
        """The talk's rows for these tags; a tag the site doesn't have yet is added."""
        if not names:
            return []
        if self.known_tags is None:
            wanted = {tag for day in self.document.days for talk in day.talks for tag in talk.tags}
            self.known_tags = tags_named(wanted | set(self.document.tags))
        for name in names:
            if name not in self.known_tags:
                self.known_tags[name] = Tag.objects.get_or_create(name=name)[0]
        return [TalkPageTag(tag=self.known_tags[name]) for name in dict.fromkeys(names)]

    def speaker_links(self, names: list[str]) -> list[TalkSpeaker]:
        """The talk's rows for these speakers, matched to the Speaker snippets by name; a
        name the site doesn't know yet becomes a new speaker."""
        if not names:
            return []
        if self.known_speakers is None:
            self.known_speakers = self.find_speakers()
        speakers = [self.known_speakers.get(name) or self.add_speaker(name) for name in names]
        return [
            TalkSpeaker(speaker=speaker, sort_order=index)
            for index, speaker in enumerate(dict.fromkeys(speakers))
        ]

    def find_speakers(self) -> dict[str, Speaker]:
        """Every speaker the file names, and which of the new ones' slugs are taken, in
        two queries for the whole file."""
        names = {name for talk in self.document.talks for name in talk.speakers}
        found = {speaker.name: speaker for speaker in Speaker.objects.named(names)}
        self.taken_slugs = set(Speaker.objects.slugs_taken(map(speaker_slug, names - set(found))))
        return found

    def add_speaker(self, name: str) -> Speaker:
        base = speaker_slug(name)
        slug, counter = base, 2
        # Only the bare slugs were looked up in advance; a numbered one is rarely needed.
        while slug in self.taken_slugs or (
            slug != base and Speaker.objects.slugs_taken([slug]).exists()
        ):
            slug, counter = f"{base}-{counter}", counter + 1
        self.taken_slugs.add(slug)
        profile = self.speaker_profiles.get(name, SpeakerProfile())
        speaker = Speaker.objects.create(
            name=name[:255],
            slug=slug,
            handle=profile.handle[:255],
            profile_url=profile.profile_url,
            live=self.publish,
        )
        self.known_speakers[name] = speaker
        return speaker

    def save(self, page: Page, line: int) -> None:
        """A new revision of an existing page: published, or a draft (submitted when asked)."""
        if self.document.published and not page.first_published_at:
            page.first_published_at = self.document.published
        try:
            revision = page.save_revision(user=self.user, log_action=True)
        except ValidationError as error:
            raise NotesError(self.document.source, line, page_error(page, error)) from error
        if self.publish:
            revision.publish(user=self.user)
        elif self.submit:
            submit_for_moderation(page, self.user)

    def save_new_pages(self) -> None:
        """The new pages, parents before their children, a parent's new children at once;
        live straight away when publishing, which is what publishing their first revision
        would do."""
        now = timezone.now()
        for parent, new_pages in self.new_pages.values():
            for new in new_pages:
                new.page.first_published_at = self.document.published
                new.page.live = self.publish
                if self.publish:
                    new.page.first_published_at = new.page.first_published_at or now
                    new.page.last_published_at = now
            try:
                revisions = save_new_pages(
                    parent,
                    new_pages,
                    publish=self.publish,
                    user=self.user,
                    validated=("body",),  # by its blocks, naming the block
                )
            except InvalidPage as invalid:
                raise NotesError(
                    self.document.source,
                    invalid.new.line,
                    page_error(invalid.new.page, invalid.error),
                ) from invalid.error
            for new, revision in zip(new_pages, revisions, strict=True):
                self.history.append((new.page, "wagtail.create", revision))
                if self.publish:
                    self.history.append((new.page, "wagtail.publish", revision))
                elif self.submit:
                    submit_for_moderation(new.page, self.user)

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
        made: list[dict] = []
        made_lines: list[int] = []
        for block, line in zip(talk.blocks, talk.block_lines, strict=True):
            blocks = self.image(block["value"]) if block["type"] == "image" else [block]
            made += blocks
            made_lines += [line] * len(blocks)
        blocks, lines = merge_paragraphs(made, made_lines)
        try:
            self.body_block.clean(self.body_block.to_python(blocks))
        except ValidationError as error:
            line, message = block_error(talk, blocks, lines, error)
            raise NotesError(self.document.source, line, message) from error
        return blocks

    def image(self, ref: ImageRef) -> list[dict]:
        """The image's block (and a paragraph of a description too long for it), or a
        link where its file isn't found."""
        image = self.images.find(ref)
        if image is None:
            self.document.warnings.append(
                NotesWarning(ref.line, f"image {shown(ref.src)} was not found; kept as a link.")
            )
            return [paragraph(ref.as_link_html())]
        described = imported_alt_text(
            ref.alt, ref.caption, source=ref.src, filename=image.filename, title=image.title
        )
        if described.mended:
            self.document.warnings.append(
                NotesWarning(ref.line, f"image {shown(ref.src)}: {described.mended}")
            )
        if image.pk is None:
            # A dry run's stand-in for an image it would store: the import's warnings,
            # and no image to build a block around.
            return [paragraph(ref.as_link_html())]
        block = figure(image.pk, described.alt, described.caption, ref.credit)
        block["value"]["image"]["decorative"] = not described.alt
        if described.description:
            return [block, paragraph(f"<p>{escape(described.description)}</p>")]
        return [block]


def tags_named(names: set[str]) -> dict[str, Tag]:
    """The site's tags with these names (exactly: tags are matched case-sensitively)."""
    return {tag.name: tag for tag in Tag.objects.filter(name__in=names)}


def speaker_slug(name: str) -> str:
    return slugify(name, allow_unicode=True)[:240] or "speaker"


def submit_for_moderation(page: Page, user) -> None:
    """Start the page's moderation workflow, as "Submit for moderation" in the editor does."""
    workflow = page.get_workflow()
    if workflow is None:
        return
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        return
    workflow.start(page, user)


def block_error(
    talk: Talk, blocks: list[dict], lines: list[int], error: ValidationError
) -> tuple[int, str]:
    """The line of the block the talk's body refuses, and a message naming the block,
    its field (inner fields too) and why; the talk's line when no block is to blame."""
    block_errors = getattr(error, "block_errors", None) or {}
    for index, problem in block_errors.items():
        kind = blocks[index]["type"] if index < len(blocks) else "block"
        names = []
        while isinstance(getattr(problem, "block_errors", None), dict) and problem.block_errors:
            name, problem = next(iter(problem.block_errors.items()))
            names.append(str(name))
        messages = "; ".join(getattr(problem, "messages", [str(problem)]))
        field = f" {'.'.join(names)}:" if names else ""
        line = lines[index] if index < len(lines) else talk.line
        return line, f"talk “{talk.title}”, {kind} block {index + 1}:{field} {messages}"
    messages = "; ".join(error.messages) if hasattr(error, "messages") else str(error)
    return talk.line, f"talk “{talk.title}” can't be saved ({messages})."


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
        #: Images this import saved, whose files a failed import must remove.
        self.stored: list = []

    def find(self, ref: ImageRef):
        if ref.src.startswith(settings.MEDIA_URL):
            return self.from_media(ref.src.removeprefix(settings.MEDIA_URL))
        path = self.local_path(ref)
        if path is None or not self.is_image(path, ref):
            return None
        content = path.read_bytes()
        digest = hashlib.sha1(content).hexdigest()
        image = self.Image.objects.filter(file_hash=digest).first()
        if image is not None:
            return image
        # The hash, as Wagtail's upload form sets it: importing the file again finds this
        # image instead of storing the same picture once more.
        image = self.Image(
            title=ref.alt[:255] or path.stem, file_hash=digest, file_size=len(content)
        )
        if not self.store:  # a dry run: the image it would store, unsaved
            image.file.name = path.name
            return image
        with path.open("rb") as handle:
            image.file = File(handle, name=path.name)
            image.save()
        self.stored.append(image)
        return image

    def delete_stored_files(self) -> None:
        """Remove the files of the images this import stored (its transaction failed)."""
        for image in self.stored:
            image.file.storage.delete(image.file.name)

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
        # Markdown writes a space in a path as %20 (`![](Pasted%20image.png)`, and the
        # parser turns `<stage photo.jpg>` into that too): the file has the space.
        decoded, decoded_exists = self.inside_folder(unquote(ref.src))
        if decoded_exists:
            return decoded
        path, exists = self.inside_folder(ref.src)
        if path is None:
            self.document.warnings.append(
                NotesWarning(
                    ref.line, f"image {shown(ref.src)} is not an image file in the notes' folder."
                )
            )
        return path if exists else None

    def inside_folder(self, name: str) -> tuple[Path | None, bool]:
        """The image file `name` names, if it is inside the notes' folder, and whether
        it is there."""
        try:
            path = (self.base_dir / name).resolve()
            exists = path.is_file()
        except (OSError, ValueError):  # too long for the file system; a NUL in it
            return None, False
        if not path.is_relative_to(self.base_dir) or path.suffix.lower() not in IMAGE_EXTENSIONS:
            return None, False
        return path, exists

    def is_image(self, path: Path, ref: ImageRef) -> bool:
        """Whether the file passes the checks of the admin's image upload (a real image of
        its type, not too large in bytes or pixels); if not, the notes say why."""
        try:
            with path.open("rb") as handle:
                WagtailImageField().clean(File(handle, name=path.name))
        except ValidationError as error:
            reason = " ".join(error.messages)
            self.document.warnings.append(
                NotesWarning(ref.line, f"image {shown(ref.src)} can't be used: {reason}")
            )
            return False
        return True


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
