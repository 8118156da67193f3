"""The inference library is usable without the GUI: importing it never pulls in PySide6."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIBRARY = [
    "inference",
    "inference.model.load",
    "inference.session",
    "inference.gguf.reader",
    "inference.gguf.tokenizer",
    "inference.gguf.architectures",
]


def _modules_after_import(modules: list[str]) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_inference_does_not_import_pyside6() -> None:
    loaded = _modules_after_import(LIBRARY)
    assert set(LIBRARY) <= set(loaded)
    assert "PySide6" not in loaded
    assert not [m for m in loaded if m.startswith("PySide6.")]


def test_cli_module_does_not_import_pyside6() -> None:
    loaded = _modules_after_import(["app.cli.main"])
    assert "app.cli.main" in loaded
    assert not [m for m in loaded if m == "PySide6" or m.startswith("PySide6.")]
