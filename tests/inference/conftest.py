"""Fixtures the store's tests share: a conversation store in a fresh folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inference.store import ConversationStore


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "conversations.sqlite3"


@pytest.fixture
def st(db: Path) -> Iterator[ConversationStore]:
    s = ConversationStore(db)
    yield s
    s.close()
