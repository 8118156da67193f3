"""Take the README's Compare screenshot: the starter model against its MLX 8-bit and 4-bit
variants, made with the window's own Quantize (offscreen, a private ORCHARD_HOME).

    .venv/bin/python docs/make_compare_screenshot.py [--out PATH]

Writes docs/screenshots/compare.png. On the CPU backend this takes a few minutes: replies are
kept to 24 tokens and the quality text to 64 tokens.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ORCHARD_HOME"] = tempfile.mkdtemp(prefix="orchard-compare-shot-")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

PROMPT = "What is the capital of France?"


def wait_until(done: Callable[[], bool], seconds: float, what: str) -> None:
    """Run the event loop until ``done()`` (polled every 100 ms), or fail after ``seconds``."""
    loop = QEventLoop()
    deadline = time.monotonic() + seconds
    timer = QTimer()
    timer.timeout.connect(lambda: (done() or time.monotonic() > deadline) and loop.quit())
    timer.start(100)
    loop.exec()
    timer.stop()
    if not done():
        raise SystemExit(f"timed out waiting for {what}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "compare.png")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    from app.gui.compare.window import CompareWindow
    from app.gui.compare.worker import QuantizeRequest
    from inference.paths import models_dir

    window = CompareWindow("starter")
    window.resize(1440, 940)
    window.show()
    variants = models_dir() / "variants"
    for bits in (8, 4):
        start = time.monotonic()
        window.start_quantize(QuantizeRequest("starter", variants / f"starter-mlx-{bits}bit",
                                              bits=bits, group_size=64))
        wait_until(lambda: not window.busy, 600, f"the {bits}-bit variant")
        print(f"{bits}-bit: {window.status.text()} ({time.monotonic() - start:.0f}s)")
    window.set_models(["starter", str(variants / "starter-mlx-8bit"),
                       str(variants / "starter-mlx-4bit")])
    window.prompt.setPlainText(PROMPT)
    window.max_tokens.setValue(24)
    window.quality_tokens.setValue(64)
    for button in (window.compare_button, window.measure_button):
        start = time.monotonic()
        button.click()
        wait_until(lambda: not window.busy, 900, button.text())
        print(f"{button.text()}: {window.status.text()} ({time.monotonic() - start:.0f}s)")
    window.markdown.setChecked(True)
    app.processEvents()  # one pass, so the grab sees the last layout
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.out)):
        raise SystemExit(f"could not write {args.out}")
    print(f"wrote {args.out}")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
