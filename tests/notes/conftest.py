"""The two real notes files are the acceptance test; tests read them where they lie."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.prerequisites import missing

ROOT = Path(__file__).resolve().parents[2]


def shared_dir(name: str, variable: str) -> Path:
    """../shared/<name> beside the project; a git worktree sits one level deeper."""
    candidates = [ROOT.parent / "shared" / name, ROOT.parent.parent / "shared" / name]
    return Path(
        os.environ.get(variable) or next((p for p in candidates if p.is_dir()), candidates[0])
    )


SEEDS = shared_dir("seeds", "NOTES_SEEDS_DIR")
CORPUS = shared_dir("corpus", "NOTES_CORPUS_DIR")
THREE_DAYS = "000_f92644eb82a98da5.txt"
ONE_DAY = "004_8121a30fd9c6d6aa.txt"


SEED_NAMES = [THREE_DAYS, ONE_DAY]
# The 18 real notes files of ../shared/corpus/ (SOURCES.md there describes each).
CORPUS_NAMES = [
    "01-jsconf-eu-2013-toml.md",
    "02-kodio-2014-setext.md",
    "03-code4lib-2014-day-two-reflinks.md",
    "04-djangocon-eu-2016-lightning-day2.md",
    "05-rubykaigi-2018-day2.md",
    "06-scipy-2023.md",
    "07-kubecon-eu-2019-day2.md",
    "08-kubecon-na-2024-recap-iframes-footnotes.md",
    "09-defcon29-nested-quotes-tabs.md",
    "10-powershell-summit-2017-h4-talks.md",
    "11-europython-2017-part2-prose.md",
    "12-pycon-us-2023-day1-ja-myst.md",
    "13-pycon-kr-2023-ko.md",
    "14-testbash-sf-2018-es.md",
    "15-pycon-jp-2019-zh-tw.md",
    "16-pycon-china-2019-nanning-crlf-zh.md",
    "17-other-c-in-css-single-talk.md",
    "18-djangocon-eu-2025-iframes.md",
]
NOTES_SUFFIXES = (".md", ".markdown", ".txt")
# Any other notes file put in the folder goes through the same whole-import, round-trip and
# re-import tests (NOTES_CORPUS_DIR may point at a folder of quite other files).
EXTRA_CORPUS_NAMES = sorted(
    path.name
    for path in (CORPUS.iterdir() if CORPUS.is_dir() else ())
    if path.suffix in NOTES_SUFFIXES
    and path.name not in CORPUS_NAMES
    and path.name.upper() != "SOURCES.MD"
)


def seed(name: str) -> Path:
    return shared_file(SEEDS, name, "seeds", "NOTES_SEEDS_DIR")


def corpus_file(name: str) -> Path:
    return shared_file(CORPUS, name, "corpus", "NOTES_CORPUS_DIR")


def notes_file(name: str) -> Path:
    """A seed or a corpus file, by name."""
    return seed(name) if name in SEED_NAMES else corpus_file(name)


def shared_file(folder: Path, name: str, kind: str, variable: str) -> Path:
    path = folder / name
    if not path.is_file():
        missing(
            f"the notes {kind} file {path} is missing; put the {kind} in ../shared/{kind}/ "
            f"next to the project (or set {variable})"
        )
    return path


@pytest.fixture
def three_days() -> Path:
    return seed(THREE_DAYS)


@pytest.fixture
def one_day() -> Path:
    return seed(ONE_DAY)


def import_file(path: Path, *options: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_notes", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()
