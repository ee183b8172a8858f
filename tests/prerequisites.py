"""What a test does when something it needs is missing from the machine."""

import os

import pytest


def missing(message: str) -> None:
    """Skip with `message` (which says how to install it); under CI=true, fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
