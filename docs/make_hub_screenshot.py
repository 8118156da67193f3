"""Take the README's screenshot of the download dialog, against the tests' loopback Hub.

    .venv/bin/python docs/make_hub_screenshot.py

Serves the starter GGUF and the tests' tiny models from a loopback Hub (nothing leaves this
machine), searches, opens the starter's repository, and shows one download stalled half-way
and one paused. Writes docs/screenshots/download-models.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TMP = Path(tempfile.mkdtemp(prefix="orchard-hub-shot-"))
os.environ["ORCHARD_HOME"] = str(TMP / "home")
os.environ["ORCHARD_MEMORY_LIMIT"] = "16GB"  # what the shot's verdicts are computed for

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = ROOT / "docs" / "screenshots" / "download-models.png"
STARTER_REPO = "HuggingFaceTB/SmolLM2-135M-Instruct-GGUF"


def fixtures() -> tuple[Callable[..., Path], Callable[..., Path]]:
    from tests.fixtures.gguf_writer import write_gguf
    from tests.fixtures.tiny_models import build_tiny_mlx_model, build_tokenizer_json

    tok = build_tokenizer_json()

    def mlx(arch: str, *, wide: bool = False) -> Path:
        folder = TMP / f"mlx-{arch}"
        return folder if folder.is_dir() else build_tiny_mlx_model(arch, folder, tok)

    def gguf(arch: str, qtype: str = "F32", split: int = 1) -> Path:
        out = TMP / f"gguf-{qtype}-{split}" / f"tiny-{qtype}.gguf"
        return write_gguf(mlx(arch), out, qtype=qtype, split=split)

    return gguf, mlx


def main() -> int:
    from huggingface_hub import constants

    from tests.fixtures.fake_hub import GGUF_REPO, FakeHub, populate

    hub = FakeHub()
    gguf, mlx = fixtures()
    populate(hub, gguf, mlx)
    from inference.model.sources import starter_model_path

    starter = starter_model_path().read_bytes()
    hub.add_repo(STARTER_REPO, {"smollm2-135m-instruct-q4_1.gguf": starter},
                 tags=["gguf"], downloads=48_210, likes=92,
                 last_modified="2025-11-03T00:00:00.000Z")
    release = threading.Event()
    f16 = hub.repos[GGUF_REPO].files["tiny-F16.gguf"]
    hub.hold_at["tiny-F16.gguf"] = (len(f16) // 2, release)
    hub.start()
    os.environ["HF_ENDPOINT"] = hub.url
    os.environ.pop("HF_HUB_OFFLINE", None)
    constants.HF_HUB_OFFLINE = False

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    from app.gui.models.download_manager import DownloadManager
    from app.gui.models.hub_dialog import HubDialog

    manager = DownloadManager()
    dialog = HubDialog(manager, 4096)
    dialog.resize(1000, 640)
    dialog.show()
    steps: list[tuple[Callable[[], bool], Callable[[], None]]] = []
    timer = QTimer()

    def search() -> None:
        dialog.query.setText("smollm2")
        dialog.search()

    def open_repo() -> None:
        dialog.query.setText("")
        dialog.open_repo(next(i for i, r in enumerate(dialog.results) if r.repo == STARTER_REPO))

    def start_downloads() -> None:
        manager.start(GGUF_REPO, "tiny-F16.gguf", "owner/tiny:F16")
        paused = manager.start(GGUF_REPO, "tiny-Q8_0.gguf", "owner/tiny:Q8_0")
        paused.cancel.set()  # paused at once: a row at rest with Resume

    def grab() -> None:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(OUT))
        print(f"wrote {OUT}")
        release.set()
        manager.shutdown()
        app.quit()

    steps[:] = [
        (lambda: True, search),
        (lambda: bool(dialog.results), open_repo),
        (lambda: dialog.ladder is not None, start_downloads),
        (lambda: all(not d.active or d.progress is not None and d.progress.done > 0
                     for d in manager.downloads())
         and any(d.state == "paused" for d in manager.downloads()), grab),
    ]

    def tick() -> None:
        if steps and steps[0][0]():
            steps.pop(0)[1]()

    timer.timeout.connect(tick)
    timer.start(50)
    QTimer.singleShot(30_000, app.quit)  # never hang a docs build
    app.exec()
    hub.stop()
    return 0 if OUT.exists() else 1


if __name__ == "__main__":
    sys.exit(main())
