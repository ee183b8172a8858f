"""Which Chromium the browser tests and `audit_accessibility` start."""

from pathlib import Path

from accessibility import audit


def executable(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_the_headless_shell_is_preferred_to_the_full_browser(tmp_path, monkeypatch):
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(audit, "FULL_CHROMIUM", executable(tmp_path, "chromium"))
    monkeypatch.setattr(audit, "HEADLESS_SHELL", str(tmp_path / "chromium-headless-shell"))
    assert audit.chromium_path() == audit.FULL_CHROMIUM  # the shell is not installed
    shell = executable(tmp_path, "chromium-headless-shell")
    assert audit.chromium_path() == shell


def test_chromium_path_overrides_both(tmp_path, monkeypatch):
    monkeypatch.setattr(audit, "HEADLESS_SHELL", executable(tmp_path, "chromium-headless-shell"))
    chosen = executable(tmp_path, "my-chromium")
    monkeypatch.setenv("CHROMIUM_PATH", chosen)
    assert audit.chromium_path() == chosen
