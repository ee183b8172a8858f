"""The two real notes files are the acceptance test; tests read them where they lie."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.prerequisites import missing

ROOT = Path(__file__).resolve().parents[2]
# ../shared/seeds beside the project; a git worktree sits one level deeper.
CANDIDATES = [ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds"]
SEEDS = Path(
    os.environ.get("NOTES_SEEDS_DIR")
    or next((path for path in CANDIDATES if path.is_dir()), CANDIDATES[0])
)
THREE_DAYS = "000_f92644eb82a98da5.txt"
ONE_DAY = "004_8121a30fd9c6d6aa.txt"


def seed(name: str) -> Path:
    path = SEEDS / name
    if not path.is_file():
        message = (
            f"the notes seed file {path} is missing; put the seeds in ../shared/seeds/ "
            "next to the project (or set NOTES_SEEDS_DIR)"
        )
        missing(message)
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
