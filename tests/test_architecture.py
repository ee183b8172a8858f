"""The apps depend one way only, so each can be read (and changed) without the ones above it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# An app may import only the project apps listed for it.
ALLOWED_IMPORTS = {
    "core": set(),
    "accessibility": {"core"},
    "talks": {"core", "accessibility"},
    "search": {"core", "talks"},
    "home": {"core", "talks"},
}


def project_imports(app: str) -> dict[str, set[str]]:
    """Each module of `app` and the other project apps it imports."""
    found = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = (names & ALLOWED_IMPORTS.keys()) - {app}
    return found


@pytest.mark.parametrize("app", ALLOWED_IMPORTS)
def test_apps_import_only_the_apps_below_them(app):
    wrong = {
        module: sorted(imported - ALLOWED_IMPORTS[app])
        for module, imported in project_imports(app).items()
        if imported - ALLOWED_IMPORTS[app]
    }
    assert wrong == {}
