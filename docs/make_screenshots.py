"""Take the README's screenshots of the real window with the starter model (offscreen).

    .venv/bin/python docs/make_screenshots.py

Writes docs/screenshots/{main-light,main-dark,model-picker,settings}.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ORCHARD_HOME"] = tempfile.mkdtemp(prefix="orchard-shots-")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QSignalSpy  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PROMPTS = [
    "Write a Python function that returns the square of a number.",
    "Thanks! Now explain it in one sentence.",
]


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    from app.main import build_window
    from app.settings_dialog import SettingsDialog

    window, thread = build_window()
    window.resize(1100, 720)
    window.show()
    loaded = QSignalSpy(window.controller.model_changed)
    while window.controller.model_info is None:
        loaded.wait(600_000)
    for prompt in PROMPTS:
        done = QSignalSpy(window.controller.busy_changed)
        settings = window.controller.settings()
        settings.temperature, settings.max_tokens = 0.0, 120
        window.controller.set_settings(settings)
        window.composer.set_text(prompt)
        window.composer._send()
        while window.controller.pending is not None:
            done.wait(600_000)
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "main-light.png"))

    QGuiApplication.styleHints().setColorScheme(Qt.ColorScheme.Dark)
    app.processEvents()
    window.controller.open_conversation(window.controller.conversation_id)
    app.processEvents()
    window.grab().save(str(OUT / "main-dark.png"))
    QGuiApplication.styleHints().setColorScheme(Qt.ColorScheme.Light)
    app.processEvents()

    window.choose_model()
    picker = window._picker
    for _ in range(50):  # the rows fill in from background header reads
        app.processEvents()
        if all(r.info is not None or r.error for r in picker.rows):
            break
        QSignalSpy(picker.table.model().dataChanged).wait(200)
    picker.grab().save(str(OUT / "model-picker.png"))
    picker.close()

    dialog = SettingsDialog(window.controller.settings(), window._preview, window)
    dialog.show()
    dialog.update_preview()
    app.processEvents()
    dialog.grab().save(str(OUT / "settings.png"))
    dialog.close()
    thread.shutdown()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
