"""The Markdown conventions of notes files, in both directions, and nowhere else.

Front matter (YAML, TOML, Pelican), the names of days, the metadata lines under a day or
talk heading, quote attributions, table and code captions, image credits, admonitions,
table-of-contents markers and the shortcodes of static-site generators all live here;
the reader and the writer ask this module instead of knowing them.
"""

from __future__ import annotations

import bisect
import datetime
import html
import re
import tomllib
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import PurePath

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from .errors import NotesError, shown

# -- front matter -------------------------------------------------------------------

MAX_FRONT_MATTER_CHARS = 64 * 1024
# Real front matter nests two or three levels (a list of speakers, each a mapping).
MAX_FRONT_MATTER_DEPTH = 50
MAX_TAG_CHARS = 100
# `Key: Value`, or Logseq's `key:: value` page properties.
PELICAN_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z_ -]{0,30})::?[ \t]*(?P<value>.*)$")
# Logseq writes a property's page link as `[[Jun 28th, 2023]]`.
PAGE_LINK = re.compile(r"\[\[([^\[\]]*)\]\]")
# A Pelican/MultiMarkdown header must name one of these before it counts as metadata.
PELICAN_KEYS = {"title", "date", "tags", "category", "categories", "slug", "author", "authors"}


@dataclass
class FrontMatter:
    """What the front matter says, and how many lines of the file it took."""

    values: dict = field(default_factory=dict)
    lines: int = 0
    kind: str = ""


class FrontMatterTooDeep(yaml.YAMLError):
    """Collections nested deeper than MAX_FRONT_MATTER_DEPTH."""


class NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors or aliases (a few lines of them can expand to gigabytes) and
    nested at most MAX_FRONT_MATTER_DEPTH deep: refused at that depth, rather than
    composed until Python's recursion limit (thousands of `[` took most of a second)."""

    depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (*name) are not allowed", event.start_mark
            )
        if not self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_FRONT_MATTER_DEPTH:
            raise FrontMatterTooDeep()
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        # An impossible date stays text: refused by `meta_date` if the notes use its key,
        # and no matter in a key they don't (a typo in `lastmod` refuses nothing).
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return node.value


NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp", NoAliasLoader.construct_yaml_timestamp)


def read_front_matter(lines: list[str], source: str) -> FrontMatter:
    """Front matter at the top of the file: `---` YAML, `+++` TOML or `Key: Value` lines."""
    first = lines[0].strip() if lines else ""
    if first in ("---", "+++"):
        closing = next(
            (n for n in range(1, len(lines)) if lines[n].strip() in (first, "...")), None
        )
        if closing is None:
            # Pelican's Markdown reader starts its `Key: Value` lines with `---` too, and
            # ends them at the first blank line.
            if first == "---" and (pelican := _pelican_lines(lines[1:])) is not None:
                return FrontMatter(pelican.values, pelican.lines + 1, "pelican")
            raise NotesError(
                source, 1, f"the front matter is never closed; expected a `{first}` line."
            )
        text = "\n".join(lines[1:closing])
        if len(text) > MAX_FRONT_MATTER_CHARS:
            raise NotesError(source, 1, "the front matter is larger than 64 KB.")
        values = _yaml(text, source) if first == "---" else _toml(text, source)
        return FrontMatter(values, closing + 1, "yaml" if first == "---" else "toml")
    if first.startswith("% ") and first[2:].strip():
        # Pandoc's title block: `% Title`, then `% Authors` and `% Date` lines, if any.
        block = 1 + sum(1 for _ in takewhile(lambda line: line.startswith("%"), lines[1:3]))
        return FrontMatter({"title": first[2:].strip()}, block, "pandoc")
    return _pelican_lines(lines) or FrontMatter()


def _pelican_lines(lines: list[str]) -> FrontMatter | None:
    """Pelican's (or MultiMarkdown's) `Key: Value` lines up to a blank line, when they
    name a title, date, tags…; else None."""
    header = []
    for line in lines:
        match = PELICAN_LINE.match(line)
        if not match:
            break
        header.append(match)
    ends_header = len(header) == len(lines) or not lines[len(header)].strip()
    if not (header and ends_header and any(m["key"].lower() in PELICAN_KEYS for m in header)):
        return None
    values = {m["key"].strip().lower(): PAGE_LINK.sub(r"\1", m["value"]).strip() for m in header}
    for key in ("tags", "category", "categories"):
        if isinstance(values.get(key), str):
            values[key] = [tag.strip() for tag in values[key].split(",") if tag.strip()]
    return FrontMatter(values, len(header), "pelican")


def _yaml(text: str, source: str) -> dict:
    try:
        values = yaml.load(text, Loader=NoAliasLoader) or {}
    except FrontMatterTooDeep as error:
        raise NotesError(source, 2, "the front matter is nested too deeply.") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise NotesError(
            source,
            mark.line + 2 if mark else 1,
            f"malformed front matter ({problem}); expected `key: value` lines.",
        ) from error
    if not isinstance(values, dict):
        raise NotesError(source, 2, "malformed front matter; expected `key: value` lines.")
    return values


def _toml(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        raise NotesError(
            source, 2, f"malformed TOML front matter ({error}); expected `key = value` lines."
        ) from error


def front_matter_line(lines: list[str], key: str) -> int:
    """The line a front-matter key is on, for messages."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*[:=]", re.I)
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), 1)


HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.I)


def meta_text(values: dict, *keys: str) -> str:
    """The first of `keys` that holds text (TOML tables like `[extra]` are looked into; a
    mapping's values are joined)."""
    nested = [values, *(v for v in values.values() if isinstance(v, dict))]
    for key in keys:
        for table in nested:
            value = table.get(key)
            if isinstance(value, str) and value.strip():
                # WordPress exports write titles with HTML's entities: `Q&amp;A &#8211; Day 2`;
                # Obsidian's properties link notes: `location: "[[Pittsburgh]], PA"`.
                value = html.unescape(value) if HTML_ENTITY.search(value) else value
                return wikilinks_as_text(value).strip()
            if isinstance(value, int) and not isinstance(value, bool):
                return str(value)  # `title: 2024` (a float would lose its digits: 3.10)
            if isinstance(value, list) and value and isinstance(value[0], str):
                return value[0].strip()
            # `location: {venue: …, city: Berlin, country: Germany}`: its parts, in order.
            if isinstance(value, dict) and all(isinstance(v, str | int) for v in value.values()):
                parts = [str(part).strip() for part in value.values()]
                if any(parts):
                    return ", ".join(part for part in parts if part)
    return ""


def meta_tags(values: dict, lines: list[str], source: str) -> tuple[list[str], list[str]]:
    """Tags and categories: scalar strings up to 100 characters; returns (tags, warnings)."""
    tags, warnings = [], []
    nested = [values, *(v for v in values.values() if isinstance(v, dict))]
    for key in ("tags", "categories", "category"):
        for table in nested:
            value = table.get(key)
            if value in (None, "", []):
                continue
            if isinstance(value, str):
                value = [part for part in re.split(r"[,\s]+", value) if part]
            if not isinstance(value, list) or not all(
                isinstance(tag, str | int | float) and not isinstance(tag, bool) for tag in value
            ):
                raise NotesError(
                    source,
                    front_matter_line(lines, key),
                    f"`{key}` must be a list of words, like `{key}: [python, web]`.",
                )
            for tag in value:
                text = str(tag).strip()
                if len(text) > MAX_TAG_CHARS:
                    raise NotesError(
                        source,
                        front_matter_line(lines, key),
                        f"a tag in `{key}` is longer than {MAX_TAG_CHARS} characters.",
                    )
                if text:
                    tags.append(text)
            if key != "tags":
                warnings.append(f"{key} were added to the talks' tags.")
    return list(dict.fromkeys(tags)), warnings


def meta_date(values: dict, lines: list[str], source: str, *keys: str) -> datetime.date | None:
    for key in keys:
        value = values.get(key)
        if value in (None, ""):
            continue
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return written_date(str(value))
        except ValueError as error:
            raise NotesError(source, front_matter_line(lines, key), f"{key} {error}") from error
    return None


def without_accents(text: str) -> str:
    """Latin letters without their accents: "février" → "fevrier"."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


MONTH_NAME_DATE = re.compile(
    r"^(?:[^\W\d_]{2,12}\.?,?\s+)?"  # a weekday: "Wed,", "Jeudi", "Dienstag,"
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?\s+(?:de\s+)?(?P<month>[^\W\d_]{3,12})\.?"
    r"|(?P<month2>[^\W\d_]{3,12})\.?\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?),?\s+(?:de\s+)?"
    r"(?P<year>\d{4})(?!\d)",
    re.I,
)
NUMERIC_DATE = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})(?!\d)"
)
# Month names as notes write them: English (and its abbreviations), German, French,
# Spanish, Portuguese, Italian, Dutch, and the genitive that Russian and Polish dates use.
MONTH_NAMES = {
    "en": "january february march april may june july august september october november december",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
    "novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
}
MONTHS = {
    name: number for names in MONTH_NAMES.values() for number, name in enumerate(names.split(), 1)
}
# Written without their accents too (fevrier, aout, marco), and as German writes ä.
MONTHS |= {without_accents(name): number for name, number in MONTHS.items()}
MONTHS |= {"maerz": 3, "setiembre": 9, "sept": 9}
MONTHS |= {name[:3]: number for number, name in enumerate(MONTH_NAMES["en"].split(), 1)}


def written_date(text: str) -> datetime.date:
    """A date as notes write it: `2024-05-01` (a time after it aside), `2024/05/01`,
    `1.5.2024`, `May 1st, 2024`, `1 May 2024`, `Wed, 01 May 2024 10:00:00 +0000`,
    `13/05/2024` (a day over 12 tells which is the month), a month named in another
    language (`20. März 2024`, `sábado 30 de septiembre de 2023`, `27 ноября 2023`), or
    `2024年5月17日`. Raises ValueError saying why not."""
    text = text.strip()
    year = month = day = 0
    if cjk := CJK_DATE.match(text):
        year, month, day = int(cjk["year"]), int(cjk["month"]), int(cjk["day"])
    elif named := MONTH_NAME_DATE.match(text):
        year = int(named["year"])
        month = MONTHS.get((named["month"] or named["month2"]).lower(), 0)
        day = int(named["day"] or named["day2"])
    elif numeric := NUMERIC_DATE.match(text):
        a, b, c = int(numeric["a"]), int(numeric["b"]), int(numeric["c"])
        if len(numeric["a"]) == 4:
            year, month, day = a, b, c
        elif len(numeric["c"]) == 4 and (numeric["sep"] == "." or a > 12):
            year, month, day = c, b, a
        elif len(numeric["c"]) == 4 and b > 12:
            year, month, day = c, a, b
        elif len(numeric["c"]) == 4:
            raise ValueError(f"{shown(text)} could be day/month or month/day; write it YYYY-MM-DD.")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"{shown(text)} is not a date; expected YYYY-MM-DD.") from None


def slug_of(title: str, fallback: str) -> str:
    """The slug a page gets from its title, unless the notes name one."""
    return slugify(title, allow_unicode=True)[:240].strip("-") or fallback


# Characters that show nothing: a title made of them is no title. The joiners (U+200C,
# U+200D) are kept between two characters, where Persian spelling and emoji sequences
# (🏳️‍🌈, 👩‍💻) need them; elsewhere they show nothing.
INVISIBLE = re.compile(
    "[\u200b\u2060\ufeff]|(?<![^\\s\u200b\u200c\u200d\u2060\ufeff])[\u200c\u200d]++"
    "|[\u200c\u200d]++(?![^\\s\u200b\u200c\u200d\u2060\ufeff])"
)


def visible_text(text: str) -> str:
    """The text on one line, without invisible characters or runs of spaces."""
    return " ".join(INVISIBLE.sub("", text).split())


# What opens an attribute list after a heading: `{#day-1}`, `{.talk}`, `{: #id}`, `{-}`.
ATTRIBUTE_LIST_START = re.compile(r"\{:?\s*(?:[#.][^\s{}]|-\})")


def without_attribute_list(title: str) -> str:
    """A heading's text less the attribute list Pandoc, kramdown and Hugo's goldmark
    read at its end (`## Day 1 {#day-1}`): markup, not part of the title."""
    start = title.rfind("{")
    if (
        title.endswith("}")
        and start > 0
        and title[start - 1].isspace()  # not a template's `{{ .Values }}`
        and ATTRIBUTE_LIST_START.match(title, start)
    ):
        return title[:start].rstrip()
    return title


# The page id Notion's export puts after a page's name in its file name.
NOTION_PAGE_ID = re.compile(r"\s[0-9a-f]{32}$")


def title_from_file_name(source: str) -> str:
    """`03-code4lib-2014_day-two.md` → `code4lib 2014 day two`; Notion's `Web Summit
    <32 hex digits>.md` → `Web Summit`."""
    stem = NOTION_PAGE_ID.sub("", PurePath(source).stem)
    stem = re.sub(r"^[\d_-]+(?=[^\d_-])", "", stem)
    return visible_text(re.sub(r"[-_]+", " ", stem)) or "Notes"


def write_front_matter(values: dict) -> str:
    dumped = yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dumped}---"


# Keys the writer puts in front matter, beyond title/date/tags/description.
CONFERENCE_KEYS = ("start_date", "end_date", "location", "website")
DAYS_KEY = "days"
TALK_LEVEL_KEY = "talk_level"

# -- structure ----------------------------------------------------------------------

WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
NUMBER_WORDS = "one|two|three|four|five|six|seven|first|second|third|fourth|fifth"
# (?<!\d): a number is tried where it starts, not again from each of its digits (which
# took quadratic time on a long run of them).
MONTH_WORDS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# What follows a weekday that starts a day's heading: "Monday Sessions", "Tuesday morning".
DAY_PARTS = (
    r"the|morning|afternoon|evening|night|sessions?|talks?|keynotes?|workshops?|"
    r"tutorials?|sprints?|recap|notes|highlights|lightning"
)
# A weekday names a day alone or before a date or separator at the start of a heading,
# after a separator or a "Day N", or at its end ("Tuesday, 21 May", "Day 2 - Tuesday",
# "Notes from Tuesday"), not inside a talk's title ("GitOps at Cyber Monday scale",
# "Friday deploys"); "Day 2 operations" is a talk's subject.
DAY_NAME = re.compile(
    rf"\bday\s*(\d+|{NUMBER_WORDS})\b(?!\s*+(?:op|ops|operations?)\b)"
    rf"|^\W*+({WEEKDAYS})(?:['’]s)?\b(?=\W*+$|\s*+[-–—:|,(/.]|\s++(?:\d|(?:{MONTH_WORDS}|{DAY_PARTS})\b))"
    rf"|(?:[-–—:|,(/]|\bday\s*+(?:\d+|{NUMBER_WORDS}))\W{{0,4}}({WEEKDAYS})\b"
    rf"|\b({WEEKDAYS})\W*+$"
    rf"|\b(\d+|{NUMBER_WORDS})(st|nd|rd|th)?\s+day\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|第\s*[\d一二三四五六七]+\s*[天日]|(?<!\d)\d+\s*일(?:차|째)"
    r"|(?:첫|둘|셋|넷|다섯)째\s*날|(?<!\d)\d+日目|[一二三四五六七]日目",
    re.I,
)
# A date, or "workshop day", names a day where it starts the heading and only a year or a
# separator follows: "12 June 2024", "Thu 13 June", "June 12th - talks", "Workshop day";
# not "Top 10 May releases", "May 4th be with you" or "Training day: onboarding".
DATE_DAY_START = re.compile(
    rf"^\W*+(?:(?:{WEEKDAYS}|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s++)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s++(?:{MONTH_WORDS})|(?:{MONTH_WORDS})\.?\s++\d{{1,2}}(?:st|nd|rd|th)?"
    r"|(?:workshops?|tutorials?|sprints?|training|conference)\s++day)\b"
    r"(?=\.?,?\s*+(?:\d{4}\b\s*+)?(?:$|[(–—|-]))",
    re.I,
)
# Days headed the short way: "Wed", "Wed 6/12", "6/12 (Wed)", "2024. 5. 25." (Korean),
# "5/25" and a weekday in full-width brackets; alone or before a bracket or a separator
# ("Sat-based solvers" is a talk).
SHORT_DAY_START = re.compile(
    r"^\W*+(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?(?:,?\s++\d{1,2}/\d{1,2}(?:/\d{2,4})?)?"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*+[(（][^)）]{1,12}[)）]"
    r"|\d{4}\.\s*+\d{1,2}\.\s*+\d{1,2}\.?)"
    r"(?=\s*+$|\s*+[(（,:|]|\s++[–—-]\s)",
    re.I,
)
# Other languages' day headings, where a heading starts with one: "Jour 2", "Día 1 —
# viernes", "1. Tag", "2e jour", "Premier jour", "Montag, 12. Juni", "День 1", "اليوم
# الأول", "יום 2". Only at the start, since words such as "Domingo" or "Tag" mean other
# things inside a talk's title; a number before the word only with its ordinal mark ("5
# Tag Management Tips" is a talk), and a weekday only alone or before a date or a
# separator ("Domingo Garcia: …" and "Mardi Gras" are talks).
LOCAL_DAY_WORDS = (
    "jour|journée|día|dia|jornada|giorno|tag|dag|dzień|den|день|gün|päivä|ημέρα|μέρα|ngày|hari"
)
LOCAL_ORDINALS = (
    "premier|première|deuxième|troisième|quatrième|cinquième|primer|primero|segundo|"
    "tercer|tercero|cuarto|quinto|primeiro|terceiro|primo|secondo|terzo|quarto|erster|"
    "zweiter|dritter|vierter|fünfter|eerste|tweede|derde|vierde|pierwszy|drugi|trzeci|"
    "czwarty|первый|второй|третий|четвёртый|четвертый"
)
LOCAL_WEEKDAYS = (
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    "lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|"
    "segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|"
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|"
    "lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|"
    "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
    "poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela|"
    "понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
)
LOCAL_DAY_START = re.compile(
    rf"^\W*+(?:(?:{LOCAL_DAY_WORDS})\s*\d+"
    rf"|\d+(?:er|re|e|ème|eme|º|°|\.)\s*(?:{LOCAL_DAY_WORDS})"
    rf"|(?:{LOCAL_ORDINALS})\s+(?:{LOCAL_DAY_WORDS})"
    rf"|(?:{LOCAL_WEEKDAYS})(?=\s*+(?:$|[,.:;–—(|-]|\d))"
    r"|اليوم\s+(?:\d+|الأول|الاول|الثاني|الثالث|الرابع|الخامس)"
    r"|יום\s+(?:\d+|ראשון|שני|שלישי|רביעי|חמישי|שישי))\b(?!['’])",
    re.I,
)
# Dates as other languages write them, starting a heading with nothing but a weekday in
# brackets, a separator or a time after: "2024年4月11日(周四)", "4月11日", "2024년 4월 11일
# (목)", "11.04.2024", "20/03/2024", "20. März 2024", "20 mars 2024", "12 de junio".
# Every language's month names but the English ones (DATE_DAY_START reads those): the
# longest first, so "marzo" is tried before "mar".
FOREIGN_MONTHS = "|".join(
    sorted(
        {
            spelling
            for language, names in MONTH_NAMES.items()
            if language != "en"
            for name in names.split()
            for spelling in (name, without_accents(name))
        }
        | {"maerz", "setiembre"},
        key=len,
        reverse=True,
    )
)
NUMERIC_DATE_DAY_START = re.compile(
    r"^\W*+(?:(?:\d{4}\s*+年\s*+)?\d{1,2}\s*+月\s*+\d{1,2}\s*+[日号號]"
    r"|(?:\d{4}\s*+년\s*+)?\d{1,2}\s*+월\s*+\d{1,2}\s*+일"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}[./]\d{1,2}[./]\d{1,2}"
    rf"|\d{{1,2}}(?:\.|er|º)?\s*+(?:de\s++)?(?:{FOREIGN_MONTHS})(?:\s++(?:de\s++)?\d{{4}})?)"
    r"(?=\s*+(?:$|[(（,，:：|–—-]))",
    re.I,
)
# Where a date may start in a day's heading: its start, or after a separator ("Tag 1 -
# Samstag, 5. August 2023", "Day 2 (2024-05-02)"), en and em dashes too.
DATE_START = re.compile(r"[–—:|(,·]\s*+|\s[-–]\s++")
CJK_DATE = re.compile(
    r"(?<!\d)(?P<year>\d{4})\s*+[年년]\s*+(?P<month>\d{1,2})\s*+[月월]\s*+(?P<day>\d{1,2})"
)


def date_in_heading(title: str) -> datetime.date | None:
    """The date a day's heading gives in full, or None (no year, or day and month could
    be either way round): "Wednesday, 20 March 2024", "Day 2 - 2024-05-02",
    "2024年4月11日 (周四)", "11.04.2024"."""
    title = title[:255]
    if cjk := CJK_DATE.search(title):
        try:
            return datetime.date(int(cjk["year"]), int(cjk["month"]), int(cjk["day"]))
        except ValueError:
            return None
    starts = [0, *(match.end() for match in DATE_START.finditer(title))][:8]
    for start in starts:
        try:
            return written_date(title[start:].lstrip("([ "))
        except ValueError:
            continue
    return None


# A heading that groups talks rather than being one: their kinds in the plural, a track or
# a room with a short name, a part of the day ("Keynotes", "Lightning talks (round 1)",
# "Track B: Data", "Afternoon"), but not one talk ("Keynote: The future", "Talks about
# Rust", "Track changes: version control for data", "Stage fright").
GROUP_WORDS = (
    r"^\W*+(?:(?:the|main|other|more|short|long|invited|sponsored|community|lightning|"
    r"morning|afternoon|evening|plenary|breakout|parallel|ignite)\s++)*+"
    r"(?:keynotes|talks|sessions|presentations|workshops|tutorials|panels|breakouts|"
    r"posters|demos|open spaces?|ignites|unconference|vorträge|sesiones|charlas|talleres|palestras|"
    r"conférences|ateliers|sessioni|セッション|基調講演|ワークショップ|主题演讲|分会场|세션|키노트"
    r"|morning|afternoon|evening|vormittag|nachmittag|matin|après-midi|mañana|tarde|manhã"
    r"|午前|午後|上午|下午|오전|오후)"
)
GROUP_HEADING = re.compile(
    rf"{GROUP_WORDS}\s*+(?:$|[:：(（–—-])"
    r"|^\W*+(?:tracks?|rooms?|stages?|halls?)(?:\s++[\w-]{1,4}+)?\s*+(?:$|[:：(（–—-])",
    re.I,
)
# Where one heading alone holds headings, among sections of other kinds: one that starts
# with a kind of talk in the plural holds them ("# Sessions I went to", "# 세션 소개").
GROUP_HEADING_START = re.compile(
    rf"{GROUP_WORDS}(?:\s*+(?:$|[:：(（–—-])|\s++(?:i|we)\b|\s*+(?:attended|소개|紹介|介绍))", re.I
)
# A top-level heading above the days that names the notes or the event: a year, or notes
# and recaps ("PyCon US 2024 notes", "Notes from RubyConf"), not "Getting there".
TITLE_ABOVE_DAYS = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?!\d)|\b(?:notes|recap|summary|highlights|takeaways|conf)\b"
    r"|conference|summit|meetup|メモ|ノート|笔记|노트",
    re.I,
)
# A title naming one day of a conference: "DjangoCon US 2022: Day 3", "FrOSCon 2023: Tag
# 2", "Python Brasil 2023 - Dia 2", "My notes from PyCon US 2024, day two" (a separator
# before the day: "code4lib 2014 day two", from a file's name, is a conference).
DAY_WORDS = (
    r"(?:day|tag|dia|día|jour|giorno|dag)\s*+(?:\d{1,2}|one|two|three|four|five|six|"
    r"seven|eins|zwei|drei|vier|un|deux|trois|quatre|uno|dos|tres|cuatro|um|dois|três|quatro)"
    r"(?!\w)"
)
# "PyCon 2024: Day 2", "PyCon 2024 - Day 2 notes", "RailsConf 2012 Take Away (Day 2)".
DAY_IN_TITLE = re.compile(
    r"^(?:(?:my\s++)?(?:notes|recap|takeaways|highlights)\s++(?:from|of|on)\s++)?(?P<conference>.+?)"
    rf"(?:\s*+[:|,–—·-]\s*+(?P<day>{DAY_WORDS}.*?)|\s*+\(\s*+(?P<day_in_brackets>{DAY_WORDS}[^()]*?)\s*+\))"
    r"(?:\s++(?:notes|recap|summary|highlights|takeaways))?$",
    re.I,
)
# A link in a talk's heading named for the recording or the slides sets that field.
LINKED_FIELDS = {
    **dict.fromkeys(("video", "recording", "youtube", "watch"), "video_url"),
    **dict.fromkeys(("slides", "slide deck", "deck", "speaker deck"), "slides_url"),
}
# What is left at a title's end once such links are out of it: "Title - , ".
TRAILING_SEPARATORS = re.compile(r"[\s,;:|/(\[–—-]++$")
# A title that names one talk by its kind: "Keynote: The Magic of Rails", "Talk - …".
TALK_KIND_TITLE = re.compile(
    r"^(?:opening\s++|closing\s++)?(?:keynote|talk|session|workshop|tutorial|lightning talk)"
    r"\s*+[:：–—-]\s*+\S",
    re.I,
)
# "Talk 3: …", "Session 2 - …": a heading that numbers talks is at the talk level.
NUMBERED_TALK = re.compile(r"^(talk|session|keynote)\s*#?\d+\b", re.I)


def names_a_day(text: str) -> bool:
    # Within what a title keeps (255 characters): a megabyte heading is no day's name, and
    # searching all of it took a second.
    text = text[:255]
    return bool(
        DAY_NAME.search(text)
        or DATE_DAY_START.match(text)
        or LOCAL_DAY_START.match(text)
        or NUMERIC_DATE_DAY_START.match(text)
        or SHORT_DAY_START.match(text)
    )


# -- metadata lines under a day or talk heading -------------------------------------

# The speaker's label in the languages people write their notes in.
SPEAKER_LABELS = (
    "panelists", "panellists", "moderator", "moderated by", "host", "hosts", "hosted by",
    "talk by", "given by", "instructor", "instructors", "facilitator", "facilitators",
    "ponente", "ponentes", "orador", "oradora", "oradores", "presentado por",
    "intervenant", "intervenante", "intervenants", "orateur", "oratrice", "orateurs",
    "conférencier", "conférencière", "conférenciers", "animé par", "animée par",
    "présenté par", "sprecher", "sprecherin", "referent", "referentin", "referenten",
    "vortragende", "vortragender", "relatore", "relatrice", "relatori",
    "palestrante", "palestrantes", "spreker", "sprekers", "prelegent", "prelegentka",
    "prelegenci", "докладчик", "докладчица", "докладчики", "спикер", "спикеры",
    "讲者", "講者", "演讲者", "演講者", "演讲人", "演讲嘉宾", "分享嘉宾", "嘉宾", "讲师",
    "講師", "主讲人", "主講人", "分享者", "分享人", "講演者", "登壇者", "発表者",
    "スピーカー", "발표자", "연사", "강연자", "المتحدث", "المتحدثة", "المتحدثون",
    "konuşmacı", "konuşmacılar", "diễn giả", "người trình bày",
)  # fmt: skip
TALK_META = {
    "speaker": "speakers",
    "speakers": "speakers",
    "speaker(s)": "speakers",
    "presenter": "speakers",
    "presenters": "speakers",
    "presenter(s)": "speakers",
    "presented by": "speakers",
    "by": "speakers",
    **dict.fromkeys(SPEAKER_LABELS, "speakers"),
    "video": "video_url",
    "recording": "video_url",
    "slides": "slides_url",
    "tags": "tags",
    "summary": "summary",
    "slug": "slug",
}
DAY_META = {"date": "date", "slug": "slug"}
# "Speaker: Ada", or as notes often emphasise the key, "**Speaker:** Ada" or "_Speaker_:
# Ada". Matched on a stripped line: a value that ends in spaces would otherwise be tried
# from each of its inner spaces again (quadratic on a long run of them). A key is letters
# of any script (`Ponente:`, and `讲者` with a full-width colon, U+FF1A, which needs no
# space after it); French typography's space before a colon is allowed (`Orateur : Bo`).
META_LINE = re.compile(
    r"^(?P<open>\*\*|__|\*|_)?(?P<key>[^\W\d_](?:[^\W\d_]| ){1,19}(?:\(s\))?)"
    r"(?(open)(?:(?P=open)[:：]|[:：][ \t]*(?P=open))[ \t]*|(?::[ \t]+|：[ \t]*))"
    r"(?P<value>\S.*)$"
)
SLUG = re.compile(r"^[-\w]{1,255}$")
URL = re.compile(r"^<?(?P<url>https?://\S+?)>?$")
URL_FIELDS = {"video_url", "slides_url"}
# The pages' URL fields hold at most this many characters and check the address.
MAX_URL_CHARS = 200
CHECK_URL = URLValidator(schemes=["http", "https"])


def full_url(text: str) -> str:
    """The web address `text` is (`<…>` allowed), if a page's URL field would take it;
    else ""."""
    match = URL.match(text.strip())
    if not match or len(match["url"]) > MAX_URL_CHARS:
        return ""
    try:
        CHECK_URL(match["url"])
    except ValidationError:
        return ""
    return match["url"]


# A bullet list item's marker, before a metadata line in a list.
BULLET = re.compile(r"^[ \t]*+[-*+][ \t]++")


# A whole metadata line emphasised: `*Speaker: Ada*`.
EMPHASISED_LINE = re.compile(r"^(?P<mark>\*\*|__|\*|_)(?P<inside>[^*_].*)(?P=mark)$")
# Spanish "y" and Portuguese "e" are parts of names ("José Ortega y Gasset"), except
# between full names after a plural label: "Ponentes: Marc García y Laura Fernández".
# A label for one speaker: what follows its comma is where they work ("Speaker: Lili
# Cosic, Red Hat"), not a second speaker, unless "and" lists more.
# A name written with its profile (`Ada (@ada)`, `[Ada](url)`, `Ada <url>`) is read as such.
PROFILE_MARKS = re.compile(r"[(\[<（]")
SINGULAR_SPEAKER_LABELS = {
    "speaker", "presenter", "moderator", "host", "instructor", "facilitator", "ponente",
    "orador", "oradora", "intervenant", "intervenante", "orateur", "oratrice",
    "conférencier", "conférencière", "sprecher", "sprecherin", "referent", "referentin",
    "vortragender", "relatore", "relatrice", "palestrante", "spreker", "prelegent",
    "prelegentka", "докладчик", "докладчица", "спикер", "konuşmacı", "diễn giả",
}  # fmt: skip
PLURAL_LABELS_OF_Y_AND_E = {
    "ponentes", "oradores", "oradoras", "palestrantes", "presentadores", "apresentadores",
    "conferencistas", "expositores",
}  # fmt: skip
Y_OR_E_BETWEEN_NAMES = re.compile(r"(?<!\s)\s++[ye]\s++(?=[^\s,]++\s++[^\s,])")
# Between fields written on one line: `**Speaker:** Ada | **Slides:** <url>`. Tried only
# where a run of spaces starts (from each of its spaces, a long run took quadratic time).
FIELD_SEPARATOR = re.compile(r"(?<![ \t])[ \t]++[|·•][ \t]++")
# A link's address as the value of a URL field: `Slides: [on Speaker Deck](https://…)`.
LINKED_URL = re.compile(r"^\[[^\]]*+\]\(<?(?P<url>[^()\s<>]++)>?(?:\s++\"[^\"]*+\")?\)$")


def meta_match(line: str) -> re.Match | None:
    """The key and value of a `Key: value` line, however the key is emphasised (and
    without a `\\` that breaks the line)."""
    line = line.strip().removesuffix("\\").rstrip()
    match = META_LINE.match(line)
    if match is None and (emphasised := EMPHASISED_LINE.match(line)):
        match = META_LINE.match(emphasised["inside"].strip())
    return match


# Fields a metadata paragraph sets once: a second `Video:` in it stays text.
ONE_VALUE_FIELDS = {"video_url", "slides_url", "slug", "date"}


@dataclass
class MetaLines:
    """What a paragraph of `Key: value` lines says: the fields it sets, and which of its
    lines (by index) name no field, or a field they can't set, and stay text
    (`Room: Hall A`, `Video: coming soon`)."""

    values: dict[str, str]
    text_lines: list[int]


def read_meta_lines(lines: list[str], keys: dict[str, str]) -> MetaLines | None:
    """`Key: value` lines, at least one of them setting a field; None when any line is
    something else, or none sets a field."""
    found: dict[str, list[str]] = {}
    text_lines = []
    for index, line in enumerate(lines):
        fields = line_fields(line, keys)
        if fields is None:
            return None
        names = [name for name, _ in fields]
        if any(
            name in ONE_VALUE_FIELDS and (name in found or names.count(name) > 1) for name in names
        ):
            fields = []  # a second Video: or Slides: stays text
        for name, value in fields:
            found.setdefault(name, []).append(value)
        if not fields:
            text_lines.append(index)
    if not found:
        return None
    return MetaLines({name: "\n".join(values) for name, values in found.items()}, text_lines)


def line_fields(line: str, keys: dict[str, str]) -> list[tuple[str, str]] | None:
    """The fields a metadata line sets: one, or several where `|`, `·` or `•` separate
    `Key: value` pieces (`**Speaker:** Ada | **Slides:** <url>`); none when it names no
    field (or one it can't set) and stays text; None when it is no `Key: value` line."""
    pieces = FIELD_SEPARATOR.split(line.strip())
    matches = [meta_match(piece) for piece in pieces]
    if len(pieces) == 1 or None in matches:
        matches = [meta_match(line)]
        if matches[0] is None:
            return None
    fields = []
    for match in matches:
        key = match["key"].strip().lower()
        name = keys.get(key)
        value = field_value(name, wikilinks_as_text(match["value"])) if name else ""
        if key == "by" and not names_someone(value):
            value = ""  # `By: the end of the talk we had a compiler.` is a sentence
        if key in PLURAL_LABELS_OF_Y_AND_E:
            value = Y_OR_E_BETWEEN_NAMES.sub(", ", value)
        elif (
            key in SINGULAR_SPEAKER_LABELS
            and len(COMMA.findall(value)) == 1
            and all(part.strip() for part in COMMA.split(value))
            and not (SEMICOLON.search(value) or AND.search(value) or PROFILE_MARKS.search(value))
        ):
            value += ";"  # ended as export ends a name that holds a comma
        if not value:
            return []  # the whole line stays text, every piece of it
        fields.append((name, value))
    return fields


def field_value(name: str, written: str) -> str:
    """The value a metadata line gives its field; "" when the field can't take it."""
    if name in URL_FIELDS:
        link = LINKED_URL.match(written.strip())
        return full_url(link["url"] if link else written)
    if name == "slug":
        return written if SLUG.match(written) else ""
    if name == "date":
        try:
            datetime.date.fromisoformat(written)
        except ValueError:
            return ""
    return written


# Commas between names: also the full-width and the ideographic comma of CJK text.
COMMA = re.compile(r"[,\uff0c\u3001]")
SEMICOLON = re.compile(r"[;\uff1b]")


def split_names(text: str) -> list[str]:
    """Names listed with commas, or with semicolons where there are any."""
    separator = SEMICOLON if SEMICOLON.search(text) else COMMA
    return [name.strip() for name in separator.split(text) if name.strip()]


# "and" in English, French, German and Russian, "&" and "+" (not Spanish "y" or Portuguese
# "e", which are parts of names: "Ortega y Gasset"). Tried only where a run of spaces starts: tried
# from each of its spaces, a long run took quadratic time.
AND = re.compile(r"(?<!\s)\s++(?:and|&|\+|et(?!\s++al\b)|und|и)\s++")
LEADING_AND = re.compile(r"^(?:and|&|\+|et|und|и)\s++")
# A byline: `By Ada Lovelace`, `*by Ada and Bo*`, `Presented by Ada Lovelace`, alone on
# the line after a talk's heading.
BYLINE = re.compile(
    r"^(?P<open>\*\*|\*|_)?(?:(?:[Pp]resented|[Gg]iven|[Dd]elivered|[Tt]alk)\s++)?[Bb]y:?\s++"
    r"(?P<names>[^*_\s][^*_]{0,199}+)(?(open)(?P=open))$"
)


def split_speakers(text: str) -> list[str]:
    """A speaker line's names: `Ada, Bo and Cy`, `Ada, Bo, and Cy` or `Ada & Bo`; with a
    `;`, only `;` separates them (`Simon and Garfunkel;` is one name), and "and" or "&"
    inside brackets doesn't (`Ada (Ernst & Young)`)."""
    if SEMICOLON.search(text):
        return split_names(text)
    names = []
    for part in split_names(text):
        names += split_outside_brackets(LEADING_AND.sub("", part))
    return [name.strip() for name in names if name.strip()]


def split_outside_brackets(part: str) -> list[str]:
    """`Jane (Acme) and Bo (Initech)` at its "and", but not `Ada (Ernst & Young)`."""
    depth, depths = 0, []
    for character in part:
        depths.append(depth)
        depth = max(depth + (character in "([") - (character in ")]"), 0)
    pieces, start = [], 0
    for match in AND.finditer(part):
        if depths[match.start()] == 0:
            pieces.append(part[start : match.start()])
            start = match.end()
    return [*pieces, part[start:]]


@dataclass(frozen=True)
class SpeakerProfile:
    """Where a speaker line points for the speaker: a social handle or a web page."""

    handle: str = ""
    profile_url: str = ""


EMPHASISED = re.compile(r"^(\*\*|__|\*|_)(?P<text>[^*_\s](?:.*[^*_\s])?)\1$")
LINKED_NAME = re.compile(r"^\[(?P<name>[^\[\]]+)\]\((?P<url>[^()\s]+)(?:\s+\"[^\"]*\")?\)$")
# Greedy names, stripped after: a lazy one followed by `\s*` is quadratic on inner spaces.
NAME_WITH_HANDLE = re.compile(r"^(?P<name>[^()]+)\((?P<handle>@[\w.@-]+)\)$")
NAME_THEN_HANDLE = re.compile(r"^(?P<name>[^@()]+)\s(?P<handle>@[\w.@-]++)$")
NAME_WITH_LABEL = re.compile(r"^(?P<name>[^()]+)\([^()]*\)$")
NAME_WITH_URL = re.compile(r"^(?P<name>[^()<>\[\]]+)[(<](?P<url>https?://[^\s()<>]+)[)>]$")


def speaker_reference(text: str) -> tuple[str, SpeakerProfile | None]:
    """A speaker line's name, and the profile it points to: `[Ada](https://ada.dev)`,
    `Ada (@ada@example.social)`, `Ada <https://ada.dev>`, `**Ada**`. A link that isn't a
    full web address keeps the whole text as the name, so nothing is lost; so does a
    name with backslashes (`Jane Doe \\(@jane)`), as export writes one that would read
    as more than a name."""
    if "\\" in text:
        return ESCAPED_IN_NAME.sub(r"\1", text), None
    if emphasised := EMPHASISED.match(text):
        text = emphasised["text"]
    linked = LINKED_NAME.match(text) or NAME_WITH_URL.match(text)
    if linked and (url := full_url(linked["url"])):
        return linked["name"].strip(), SpeakerProfile(profile_url=url)
    # `Ada ([@ada](https://…))`: the link's text, and its address as the profile.
    inner_url = next((full_url(link[2]) for link in MARKDOWN_LINK.finditer(text)), "")
    text = MARKDOWN_LINK.sub(r"\1", text) if inner_url else text
    # Japanese and Chinese notes put a handle in full-width brackets (U+FF08, U+FF09).
    bracketed = text.replace("（", "(").replace("）", ")")
    if handled := NAME_WITH_HANDLE.match(bracketed) or NAME_THEN_HANDLE.match(text):
        return handled["name"].strip(), SpeakerProfile(handled["handle"], inner_url)
    if inner_url and (labelled := NAME_WITH_LABEL.match(text)):
        return labelled["name"].strip(), SpeakerProfile(
            profile_url=inner_url
        )  # `Ada ([GitHub](…))`
    return text, SpeakerProfile(profile_url=inner_url) if inner_url else None


MARKDOWN_LINK = re.compile(r"\[([^\[\]]*+)\]\(([^()\s]*+)\)")
ESCAPED_IN_NAME = re.compile(r"\\([\\()<>\[\]*_])")
SPECIAL_IN_NAME = re.compile(r"([\\()<>\[\]*_])")


def speaker_names_line(names: list[str]) -> str:
    """Names for a `Speakers:` line, each read back as exactly itself (escaped where it
    would read as a link or handle; each ended by a `;` where one has a comma, "and" or
    "&" in it)."""
    written = [
        name if speaker_reference(name) == (name, None) else SPECIAL_IN_NAME.sub(r"\\\1", name)
        for name in names
    ]
    if any(COMMA.search(name) or AND.search(name) for name in names):
        return "".join(f"{name}; " for name in written).rstrip()
    return join_names(written)


def join_names(names: list[str]) -> str:
    return ("; " if any(COMMA.search(name) for name in names) else ", ").join(names)


def escape_meta_start(markdown: str, keys: dict[str, str], *, bylines: bool = False) -> str:
    """Text that would read as a metadata line (one of `keys`, or with `bylines` a
    `By Ada` line) gets its colon escaped, so it stays text (a full-width one, which
    Markdown can't escape, as its character reference)."""
    first, _, rest = markdown.partition("\n")
    match = meta_match(BULLET.sub("", first))  # a list's first item too: `- Speaker: Ada`
    if bylines and (byline := BYLINE.match(first.strip())):
        # `By Ada Lovelace` alone would read as the speakers: its B as a reference (after
        # the emphasis of `*by Ada*`, which stays emphasis).
        at = len(first) - len(first.lstrip()) + len(byline["open"] or "")
        first = f"{first[:at]}&#{ord(first[at])};{first[at + 1 :]}"
    elif match and match["key"].strip().lower() in keys:
        colon = min(at for at in (first.find(":"), first.find("：")) if at >= 0)
        escaped = "\\:" if first[colon] == ":" else "&#xFF1A;"
        first = f"{first[:colon]}{escaped}{first[colon + 1 :]}"
    return f"{first}\n{rest}" if rest else first


# -- blocks -------------------------------------------------------------------------

# A dash, doubled or not ("--", "—", "——" as Chinese writes it, right after the closing
# quote: 「…」——张伟), then who said it.
ATTRIBUTION_TEXT = re.compile(
    r"^(?:(?P<said>.*)\s|(?P<closed>.*[」』”。！？]))?(?:-{2,}+|[—―–]++)\s*(?P<who>\S.{0,254})$",
    re.S,
)
ATTRIBUTION_OPENERS = "\"“‘'(["


def names_someone(who: str) -> bool:
    """Whether the words after a dash read as who said it: a name, a handle or a source
    ("Peter Drucker", "@ada", "RFC 2119"), not the rest of a sentence ("Use X -- not
    Y", "a callout — with a dash in the middle", "-- It was the obvious choice.")."""
    who = who.lstrip(ATTRIBUTION_OPENERS)
    words = who.split()
    lowercase = sum(1 for word in words if word[0].islower())
    return (
        bool(words)
        and len(words) <= 12
        and (who[0] == "@" or not who[0].islower())
        and lowercase * 2 <= len(words)
        and not who.endswith((".", "!", "?"))
    )


ATTRIBUTION_LEAD = re.compile(r"^(?:(?P<said>.*)\s)?(?:-{2,}+|[—―–]++)\s*$", re.S)
TABLE_CAPTION = re.compile(r"^Table:\s*(?P<caption>.+)$")
IMAGE_CREDIT = re.compile(r"^Credit:\s*(?P<credit>.+)$")
FENCE_CAPTION = re.compile(r'\btitle="(?P<caption>(?:[^"\\]|\\.)*)"')
# `title="…"` first in a fence's info string: a caption, and no language.
FENCE_ATTRIBUTE = re.compile(r"^[\w-]+=")


def first_word(info: str) -> str:
    return info.split(maxsplit=1)[0] if info.strip() else ""


# Options after the language: HackMD's line numbers and wrapping (```rust=, ```js=12,
# ```py=+, ```sh!), VitePress's highlighted lines (```ts{2,4}) and mdBook's attributes
# (```rust,ignore).
OPTIONS_AFTER_LANGUAGE = re.compile(
    r"^(?P<language>[^\s=:!{},]++)(?:=\d*+\+?|!|\{[\d,\s-]*+\}|,[\w,-]++)$"
)
# Qiita's and Zenn's file name after the language: ```js:app.js
FILE_NAME_AFTER_LANGUAGE = re.compile(r"^(?P<language>[\w+#-]++):(?P<file>\S++)$")


def fence_caption(info: str) -> str:
    match = FENCE_CAPTION.search(info)
    if match:
        return re.sub(r"\\(.)", r"\1", match["caption"])
    named = FILE_NAME_AFTER_LANGUAGE.match(first_word(info))
    return named["file"] if named else ""


def fence_language(info: str) -> str:
    """The language a fence's info string names, exactly as written; "" for none."""
    first = first_word(info)
    options = OPTIONS_AFTER_LANGUAGE.match(first) or FILE_NAME_AFTER_LANGUAGE.match(first)
    if options:
        return options["language"]
    return "" if FENCE_ATTRIBUTE.match(first) else first


def fence_info(language: str, caption: str) -> str:
    if not caption:
        return language
    escaped = caption.replace("\\", "\\\\").replace('"', '\\"')
    return f'{language} title="{escaped}"'.lstrip()


# Shortcodes and markers that ask for a table of contents.
TOC_MARKER = re.compile(
    r"^(\{\{[<%]\s*toc\s*[>%]\}\}|\[TOC\]|\[\[_?TOC_?\]\]|\{:toc\}|@\[toc\])$", re.I
)
# Hugo's shortcodes, Jekyll's Liquid tags (`{% include note.html %}`) and kramdown's
# attribute lists (`{: .note}`): a paragraph of one is kept as text, with a warning.
# (Possessive, as in the patterns below: a name that could give back characters would be
# tried again at each of them, in quadratic time on a long line.)
SHORTCODE = re.compile(r"^(?:\{\{[<%]\s*+[\w/-]++.*[>%]\}\}|\{%-?\s*+[\w/-]++.*%\}|\{:[^}]*+\})$")
TOC_WRITTEN = "{{< toc >}}"
# HackMD's tags, a small heading near the top: `###### tags: `COSCUP` `2023``.
HACKMD_TAGS = re.compile(r"^tags\s*+[:：]\s*+(?P<tags>(?:`[^`\n]++`[\s,]*+)++)$", re.I)
HACKMD_TAG = re.compile(r"`([^`\n]++)`")

# Admonitions, whatever the generator: MkDocs `!!! note "Title"`, VuePress/Docusaurus
# `::: tip Title`, GitHub/Obsidian `> [!NOTE] Title`, MyST ```{note}```.
MKDOCS_ADMONITION = re.compile(
    r'^(?P<indent>\s*)(!!!|\?\?\?\+?)\s*(?P<kind>\w+)(?:\s+"(?P<title>[^"]*)")?\s*$'
)
# `::: tip Title`, Docusaurus' `:::tip[Title]`, Pandoc's and Quarto's `::: {.callout-note
# title="Title"}`; and GitBook's `{% hint style="info" %}`.
FENCED_DIV = r":::+\s*+(?:\{\s*+\.(?:callout-)?(?P<class>\w++)(?P<attributes>[^}]*+)\}|(?P<kind>\w++)\s*+(?P<title>.*))"
GITBOOK_HINT = r"\{%-?\s*+hint\s++style=\"(?P<hint>\w++)\"\s*+-?%\}"
CONTAINER_OPEN = re.compile(rf"^\s*+(?:{FENCED_DIV}|{GITBOOK_HINT})\s*$")
TITLE_ATTRIBUTE = re.compile(r'\btitle="(?P<title>[^"]*+)"')
CONTAINER_CLOSE = re.compile(r"^\s*+(?::::+|\{%-?\s*+endhint\s*+-?%\})\s*$")
GITHUB_CALLOUT = re.compile(r"^(?P<quote>\s*>\s*)\[!(?P<kind>\w+)\][+-]?\s*(?P<title>.*)$")
MYST_DIRECTIVE = re.compile(r"^\{(?P<name>[\w-]+)\}\s*(?P<argument>.*)$")
MYST_ADMONITIONS = {
    "admonition", "note", "tip", "hint", "important", "warning", "caution", "attention",
    "danger", "error", "seealso", "todo",
}  # fmt: skip
MYST_FIGURES = {"figure", "image"}
MYST_CODE = {"code", "code-block", "code-cell", "sourcecode"}
# Pandoc's fenced code attributes: the first class is the language.
PANDOC_CODE_ATTRIBUTES = re.compile(r"^\{\s*+(?:#[\w-]++\s++)?\.(?P<language>[\w+#-]++)[^}]*+\}$")
# Quarto's and R Markdown's executable cells: ```{python}```, ```{r setup, echo=FALSE}```.
EXECUTABLE_CELL = re.compile(r"^\{(?P<language>[A-Za-z][\w+#-]*+)(?:[ ,][^}]*+)?\}$")
CELL_LANGUAGES = {"python", "r", "julia", "ojs", "sql", "bash", "sh", "mermaid", "dot"}
# A MyST directive's option lines, `:linenos:` or `:caption: …`.
MYST_OPTION = re.compile(r"^\s*:\w[\w-]*:")
MYST_CAPTION = re.compile(r"^\s*:caption:\s*(?P<caption>.*)$")


def callout_label(kind: str, title: str) -> str:
    label = kind.strip().capitalize()
    title = title.strip().strip('"')
    if title.startswith("[") and title.endswith("]"):
        title = title[1:-1].strip()
    return f"{label}: {title}" if title and title.lower() != kind.lower() else label


def container_label(opening: re.Match) -> str:
    if opening["kind"]:
        return callout_label(opening["kind"], opening["title"])
    title = TITLE_ATTRIBUTE.search(opening["attributes"] or "")
    return callout_label(opening["class"] or opening["hint"], title["title"] if title else "")


def rewrite_admonitions(lines: list[str]) -> list[str]:
    """MkDocs, container and GitHub callouts as a blockquote led by a bold label.

    Line for line, so every later line number still points into the file.
    """
    out: list[str] = []
    container = False
    mkdocs_indent: int | None = None
    blank_quoted = 0  # blank lines kept inside the MkDocs admonition read last
    for line in lines:
        if mkdocs_indent is not None:
            stripped = line[mkdocs_indent:] if line.strip() else ""
            if (
                not line.strip()
                or line.startswith(" " * (mkdocs_indent + 4))
                or line.startswith("\t")
            ):
                body = stripped[4:] if stripped.startswith("    ") else stripped.lstrip("\t")
                out.append(f"> {body}".rstrip())
                blank_quoted = blank_quoted + 1 if not line.strip() else 0
                continue
            mkdocs_indent = None
            # The blank lines after its body end the quote, so that an admonition right
            # after it is a quote of its own.
            out[len(out) - blank_quoted :] = [""] * blank_quoted
            blank_quoted = 0
        match = MKDOCS_ADMONITION.match(line)
        if match:
            mkdocs_indent = len(match["indent"])
            out.append(f"> **{callout_label(match['kind'], match['title'] or '')}**")
            continue
        if container and CONTAINER_CLOSE.match(line):
            container = False
            out.append("")
            continue
        match = CONTAINER_OPEN.match(line)
        if match and not container:
            container = True
            out.append(f"> **{container_label(match)}**")
            continue
        if container:
            out.append(f"> {line}".rstrip())
            continue
        match = GITHUB_CALLOUT.match(line)
        if match:
            out.append(f"{match['quote']}**{callout_label(match['kind'], match['title'])}**")
            continue
        out.append(line)
    return out


# Code in the highlight tags of Jekyll (`{% highlight ruby linenos %}`) and Hugo
# (`{{< highlight go "linenos=table" >}}`), each tag alone on its line.
HIGHLIGHT_OPEN = re.compile(
    r"^(?P<indent>[ \t]*+)(?:\{%-?\s*+highlight\s++(?P<jekyll>[\w+#.-]++)[^%]*+%\}"
    r"|\{\{[<%]\s*+highlight\s++(?P<hugo>[\w+#.-]++)[^>%]*+[>%]\}\})\s*$"
)
HIGHLIGHT_CLOSE = re.compile(
    r"^[ \t]*+(?:\{%-?\s*+endhighlight\s*+-?%\}|\{\{[<%]\s*+/highlight\s*+[>%]\}\})\s*$"
)
BACKTICK_RUN = re.compile(r"`{3,}")
# A fence's line, also as the first line of a list item or inside a quote (`- ```sql`,
# `> ```), as the writer puts code in a list.
FENCE_MARK = re.compile(r"^[ \t>]*+(?:(?:[-*+]|\d{1,9}[.)])[ \t]++)?(`{3,}|~{3,})")
BACKTICKS = re.compile(r"`+")


def code_fence(source: str) -> str:
    """A backtick fence longer than any run of backticks in the code it holds."""
    longest = max((len(run) for run in BACKTICK_RUN.findall(source)), default=2)
    return "`" * (longest + 1)


def rewrite_highlight_tags(lines: list[str]) -> list[str]:
    """Highlight tags as fenced code of their language, line for line (so every later
    line number still points into the file); an opening tag never closed stays text."""
    outside = lines_outside_fences(lines)
    closes = [number for number in outside if HIGHLIGHT_CLOSE.match(lines[number])]
    out = list(lines)
    next_close, after = 0, 0
    for number in outside:
        opening = HIGHLIGHT_OPEN.match(lines[number]) if number >= after else None
        while next_close < len(closes) and closes[next_close] <= number:
            next_close += 1
        if not opening or next_close == len(closes):
            continue
        close = closes[next_close]
        fence = code_fence("\n".join(lines[number + 1 : close]))
        out[number] = f"{opening['indent']}{fence}{opening['jekyll'] or opening['hugo']}"
        out[close] = f"{opening['indent']}{fence}"
        after = close + 1
    return out


def lines_outside_fences(lines: list[str]) -> list[int]:
    """The indexes of the lines that are not fenced code (nor its fences)."""
    outside, fence = [], ""
    for number, line in enumerate(lines):
        mark = FENCE_MARK.match(line)
        if fence:
            if mark and mark[1][0] == fence[0] and len(mark[1]) >= len(fence):
                fence = ""
        elif mark:
            fence = mark[1]
        else:
            outside.append(number)
    return outside


# GitLab's multi-line quote: `>>>` lines around it.
GITLAB_QUOTE_MARK = re.compile(r"^[ \t]*>>>[ \t]*$")
# Zenn's embeds, alone on a line: `@[youtube](dQw4w9WgXcQ)`, `@[card](https://…)`.
ZENN_EMBED = re.compile(r"^@\[(?P<kind>[a-z]+)\]\((?P<target>[^()\s]+)\)\s*$")
ZENN_PLAYERS = {"youtube": "{{{{< youtube {} >}}}}", "vimeo": "{{{{< vimeo {} >}}}}"}
ZENN_IDS = {"speakerdeck": "https://speakerdeck.com/player/{}"}


# kramdown's attribute list on the line under a paragraph, list or table: `{:.lead}`,
# `{: #intro .wide}`, `{:toc}` (for the list `* TOC` above it).
KRAMDOWN_BLOCK_ATTRIBUTES = re.compile(r"^\s*+\{:\s*+(?:[.#][\w-]++\s*+)*+(?:toc)?\}\s*$", re.I)
TOC_LIST_ITEM = re.compile(r"^\s*+(?:[*+-]|1\.)\s++TOC\s*$", re.I)


def rewrite_platform_syntax(lines: list[str]) -> list[str]:
    """GitLab's `>>>` quotes as `>` lines, and Zenn's `@[youtube](id)` embeds as the
    players and links Markdown has; outside code, line for line."""
    out = list(lines)
    outside = lines_outside_fences(lines)
    marks = [number for number in outside if GITLAB_QUOTE_MARK.match(lines[number])]
    quoted: set[int] = set()
    for start, end in zip(marks[::2], marks[1::2], strict=False):  # a mark alone stays text
        out[start] = out[end] = ""
        for number in range(start + 1, end):
            out[number] = f"> {lines[number]}"
        quoted.update(range(start, end + 1))
    for number in outside:
        line = lines[number]
        if number in quoted:
            continue
        if zenn := ZENN_EMBED.match(line):
            out[number] = zenn_embed(zenn["kind"], zenn["target"]) or line
    return out


# `##Title`: a heading to the Markdown of 2014 (Redcarpet, kramdown, Maruku), text to
# CommonMark. Two marks at least: `#hashtag` is a hashtag.
HEADING_WITHOUT_SPACE = re.compile(r"^(#{2,6})(?=[^\s#])")


def space_after_heading_marks(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines with a space after the marks of a heading written without one, and the
    numbers of those lines. Outside code."""
    out = list(lines)
    changed = []
    for number in lines_outside_fences(lines):
        if HEADING_WITHOUT_SPACE.match(lines[number]):
            out[number] = HEADING_WITHOUT_SPACE.sub(r"\1 ", lines[number], count=1)
            changed.append(number + 1)
    return out, changed


def strip_kramdown_attributes(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines without kramdown's attribute lists under the block they style
    (`{:.lead}`: how it looks, never what it says), and the numbers of the lines left
    out; `* TOC` with `{:toc}` under it as one contents marker. Outside code."""
    out = list(lines)
    left_out = []
    for number in lines_outside_fences(lines):
        line = lines[number]
        if number and KRAMDOWN_BLOCK_ATTRIBUTES.match(line) and lines[number - 1].strip():
            if TOC_MARKER.match(line.strip()):
                if TOC_LIST_ITEM.match(lines[number - 1]):
                    out[number - 1] = ""
            else:
                out[number] = ""
                left_out.append(number + 1)
    return out, left_out


def zenn_embed(kind: str, target: str) -> str | None:
    if kind in ZENN_PLAYERS and re.match(r"^[\w-]+$", target):
        return ZENN_PLAYERS[kind].format(target)
    if kind in ZENN_IDS and re.match(r"^[\w-]+$", target):
        return f"<{ZENN_IDS[kind].format(target)}>"
    return f"<{target}>" if URL.match(target) else None


# Obsidian's embedded image, `![[Pasted image 20240612.png]]` or `![[stage.jpg|The stage]]`
# (after the bar, alt text, or a width: `|300`, `|300x200`).
EMBEDDED_IMAGE = re.compile(
    r"!\[\[(?P<name>[^\[\]|<>\n]+\.(?:avif|gif|heic|jpe?g|png|svg|webp))"
    r"(?:\|(?P<alt>[^\[\]\n]*+))?\]\]",
    re.I,
)
WIDTH = re.compile(r"^\s*\d+(?:x\d+)?\s*$")
# Obsidian's and Logseq's links between notes, `[[Page]]` or `[[Page|shown text]]`, and
# their embeds of other notes, `![[Page]]`.
WIKILINK = re.compile(r"!?\[\[(?P<page>[^\[\]|\n]{1,300}+)(?:\|(?P<shown>[^\[\]\n]{0,300}+))?\]\]")


def rewrite_embedded_images(lines: list[str]) -> list[str]:
    """Obsidian's `![[image.png]]` as Markdown's `![](<image.png>)`, outside code."""
    out = list(lines)
    for number in lines_outside_fences(lines):
        if "![[" in lines[number]:
            out[number] = _outside_code_spans(lines[number], EMBEDDED_IMAGE, _image_markdown)
    return out


def wikilinks_as_text(text: str) -> str:
    """Obsidian's and Logseq's `[[Page|links]]` between notes as the text they show (the
    page they link to is not in the site)."""
    return WIKILINK.sub(_wikilink_text, text) if "[[" in text else text


def _image_markdown(match: re.Match) -> str:
    alt = "" if WIDTH.match(match["alt"] or "") else (match["alt"] or "").strip()
    return f"![{alt}](<{match['name']}>)"


def _wikilink_text(match: re.Match) -> str:
    if TOC_MARKER.match(match[0].removeprefix("!")):
        return match[0]
    # `[[Page#Section|shown]]` shows "shown"; `[[Page#Section]]` and `[[Page#^block]]`, the
    # page's name.
    return (match["shown"] or match["page"].split("#")[0]).strip() or match[0]


def _outside_code_spans(line: str, pattern: re.Pattern, replace) -> str:
    spans = code_spans(line)  # in order, apart
    starts = [start for start, _ in spans]

    def outside(match: re.Match) -> str:
        before = bisect.bisect_right(starts, match.start()) - 1
        if before >= 0 and match.start() < spans[before][1]:
            return match[0]
        return replace(match)

    return pattern.sub(outside, line)


# Obsidian's comments, `%%hidden%%` in a line or `%%` lines around a block: never shown.
# Not `%%time` then `%%timeit`, Jupyter's cell magics: a comment's `%%` don't touch a word.
OBSIDIAN_COMMENT = re.compile(r"(?<!\w)%%[^%\n]++%%(?!\w)")
OBSIDIAN_BLOCK_MARK = re.compile(r"^[ \t]*%%[ \t]*$")


def strip_obsidian_comments(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines without Obsidian comments, and the numbers of the lines they were on.
    Fenced code and code spans keep their `%%`; a block comment's lines become blank, so
    line numbers hold; a `%%` line never closed stays text."""
    outside_code = lines_outside_fences(lines)
    block_marks = [number for number in outside_code if OBSIDIAN_BLOCK_MARK.match(lines[number])]
    commented: set[int] = set()
    for start, end in zip(block_marks[::2], block_marks[1::2], strict=False):
        commented.update(range(start, end + 1))
    out = list(lines)
    for number in commented:
        out[number] = ""
    for number in outside_code:
        if number not in commented and "%%" in lines[number]:
            out[number] = _without_inline_comments(lines[number])
            if out[number] != lines[number]:
                commented.add(number)
    return out, sorted(number + 1 for number in commented)


def _without_inline_comments(line: str) -> str:
    """The line without its `%%…%%` comments, those in or across code spans aside."""
    spans = code_spans(line)
    starts = [start for start, _ in spans]
    parts, last = [], 0
    for match in OBSIDIAN_COMMENT.finditer(line):
        span = bisect_right(starts, match.end() - 1) - 1
        in_code = span >= 0 and spans[span][1] > match.start()
        parts.append(line[last : match.end()] if in_code else line[last : match.start()])
        last = match.end()
    parts.append(line[last:])
    return "".join(parts)


def code_spans(line: str) -> list[tuple[int, int]]:
    """Where the line's code spans are: a run of backticks up to the next run as long (a
    run with none is text, as CommonMark reads it)."""
    runs = list(BACKTICKS.finditer(line))
    next_as_long: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = len(runs[index][0])
        next_as_long[index], seen[length] = seen.get(length), index
    spans, index = [], 0
    while index < len(runs):
        closing = next_as_long[index]
        if closing is None:
            index += 1
            continue
        spans.append((runs[index].start(), runs[closing].end()))
        index = closing + 1
    return spans


# Video players whose <iframe> becomes an embed block: the embed URL → the watch URL.
PLAYERS = [
    (re.compile(r"(?:youtube(?:-nocookie)?\.com/embed/)(?P<id>[\w-]{6,})"), "https://www.youtube.com/watch?v={id}"),
    (re.compile(r"player\.vimeo\.com/video/(?P<id>\d+)"), "https://vimeo.com/{id}"),
    (re.compile(r"speakerdeck\.com/player/(?P<id>\w+)"), "https://speakerdeck.com/player/{id}"),
    (re.compile(r"slideshare\.net/slideshow/embed_code/(?:key/)?(?P<id>\w+)"), "https://www.slideshare.net/slideshow/embed_code/{id}"),
]  # fmt: skip
IFRAME_SRC = re.compile(r"<iframe\b[^>]*\bsrc=[\"'](?P<src>[^\"']+)[\"']", re.I)


def without_html_comments(html: str) -> str:
    """The HTML less its `<!-- … -->` comments; an unclosed one is kept. (A lazy pattern
    would search the rest of the text again from each of thousands of unclosed ones.)"""
    kept, at = [], 0
    while (start := html.find("<!--", at)) != -1:
        end = html.find("-->", start + 4)
        if end == -1:
            break
        kept.append(html[at:start])
        at = end + 3
    kept.append(html[at:])
    return "".join(kept)


def player_urls(html: str) -> list[str]:
    urls = []
    for match in IFRAME_SRC.finditer(html):
        src = match["src"]
        src = f"https:{src}" if src.startswith("//") else src
        for pattern, template in PLAYERS:
            found = pattern.search(src)
            if found:
                urls.append(template.format(id=found["id"]))
                break
    return urls


IFRAME_BLOCK = re.compile(r"<iframe\b.*?</iframe>|<iframe\b[^>]*>", re.I | re.S)
# Hugo's `{{< youtube ID >}}`, and the Liquid tag of dev.to and HackMD, `{% youtube ID %}`.
SHORTCODE_PLAYER = re.compile(
    r"^(?:\{\{[<%]|\{%)\s*+(?P<name>youtube|vimeo)\s++(?:id=)?[\"']?"
    r"(?:(?P<url>https?://[^\s\"'%}>]++)|(?P<id>[\w-]++))[\"']?(?![\w:/.])[^}]*+\}\}?$",
    re.I,
)
SHORTCODE_URLS = {
    "youtube": "https://www.youtube.com/watch?v={id}",
    "vimeo": "https://vimeo.com/{id}",
}


def shortcode_player(text: str) -> str:
    """`{{< youtube ID >}}`, `{% youtube URL %}` → the video's URL, or ""."""
    match = SHORTCODE_PLAYER.match(text)
    if not match:
        return ""
    if match["url"]:
        return full_url(match["url"])
    return SHORTCODE_URLS[match["name"].lower()].format(id=match["id"])


# Pelican's `{static}/…` and `{filename}/…` name a file of the site's content folder.
PELICAN_PATH = re.compile(r"^(\{|%7B)(static|filename|attach)(\}|%7D)/?", re.I)


def image_path(src: str) -> str:
    return PELICAN_PATH.sub("", src)


# Deeper than this, quotes and list indentation are flattened before parsing: the
# parser would otherwise drop what lies below its own nesting limit.
MAX_QUOTE_DEPTH = 20
MAX_INDENT = 80
QUOTE_MARKERS = re.compile(r"^(?P<markers>(?:[ \t]*>){21,})")


def flatten_deep_nesting(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines with over-deep nesting cut to the limits, and the numbers of those lines."""
    flattened, cut = [], []
    for number, line in enumerate(lines, start=1):
        new = line
        match = QUOTE_MARKERS.match(new)
        if match:
            new = ">" * MAX_QUOTE_DEPTH + " " + new[match.end() :].lstrip()
        indent = len(new) - len(new.lstrip(" \t"))
        if len(new[:indent].expandtabs(4)) > MAX_INDENT:
            new = " " * MAX_INDENT + new[indent:]
        if new != line:
            cut.append(number)
        flattened.append(new)
    return flattened, cut
