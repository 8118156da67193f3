"""End to end: `orchard --self-test` opens the real window offscreen and chats with the starter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.starter


def test_self_test_replies_and_saves_a_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    env = {**os.environ, "ORCHARD_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "--self-test", "--screenshot", str(shot)],
        capture_output=True, text=True, timeout=600, env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    assert stats["ok"] and "Paris" in stats["reply"]
    assert stats["generation_tokens"] > 0
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the conversation was saved in the private data folder, not anywhere else
    assert list((tmp_path / "home").rglob("conversations.sqlite3"))


def test_self_test_fails_cleanly_when_the_model_is_broken(tmp_path: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x00" * 64)
    env = {**os.environ, "ORCHARD_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen",
           "ORCHARD_STARTER_MODEL": str(bad)}
    proc = subprocess.run([sys.executable, "-m", "app.cli.main", "--self-test"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 1
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["ok"] is False and "load failed" in result["error"]
    assert "Traceback" not in proc.stderr


def _start(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORCHARD_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "app.cli.main", "--self-test"],
                          capture_output=True, text=True, timeout=120, env=env)


def _database(home: Path) -> Path:
    path = home / "data" / "conversations.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_a_store_from_a_newer_orchard_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    import sqlite3

    db = _database(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    proc = _start(tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "saved by a newer Orchard" in proc.stderr
    assert "Traceback" not in proc.stderr and "QThread: Destroyed" not in proc.stderr


def test_a_folder_where_the_store_belongs_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    _database(tmp_path).mkdir()
    proc = _start(tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "is a folder, not Orchard's conversations file" in proc.stderr
    assert "Traceback" not in proc.stderr and "QThread: Destroyed" not in proc.stderr
