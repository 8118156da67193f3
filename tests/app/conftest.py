"""Fixtures for the Qt front end's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture()
def posted() -> Iterator[list[tuple[str, str]]]:
    """Every (level, text) the app posts to the user through app.gui.notify, in order."""
    from app.gui import notify as messages

    seen: list[tuple[str, str]] = []

    def keep(level: str, text: str) -> None:
        seen.append((level, text))

    messages.bus.posted.connect(keep)
    yield seen
    messages.bus.posted.disconnect(keep)
