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

from PySide6.QtTest import QSignalSpy  # noqa: E402  (short waits for the picker only)

OUT = ROOT / "docs" / "screenshots"
PROMPTS = [
    "Write a Python function that returns the square of a number.",
    "Thanks! Now explain it in one sentence.",
]


def show_actions_of_last_reply(transcript: object) -> None:
    """Point at the last reply, as a user does, so its action buttons show."""
    from PySide6.QtCore import QPoint

    from app.gui.chat.transcript import TranscriptView

    assert isinstance(transcript, TranscriptView)
    last = transcript.messages()[-1]
    start = transcript._anchor_position(f"m{last.id}")
    assert start is not None
    body = transcript.document().findBlock(start).next()
    rect = transcript.document().documentLayout().blockBoundingRect(body)
    transcript.hover_at(QPoint(int(rect.center().x()),
                               int(rect.center().y()) - transcript.verticalScrollBar().value()))


def main() -> int:
    os.environ["ORCHARD_APPEARANCE"] = "light"
    from app.gui import theme
    from app.gui.main import _application, build_window
    from app.gui.settings_dialog import SettingsDialog

    app = _application(sys.argv[:1])  # the app's own look (theme.apply)
    window, thread = build_window()
    window.resize(1100, 720)
    # Drive the window from its own event loop (app.exec releases the GIL for the worker
    # thread; a Python wait loop here would starve it).
    prompts = list(PROMPTS)

    def next_step(*_args: object) -> None:
        if window.controller.model_info is None or window.controller.pending is not None:
            return
        if not prompts:
            app.quit()
            return
        settings = window.controller.settings()
        settings.temperature, settings.max_tokens = 0.0, 120
        window.controller.set_settings(settings)
        window.composer.set_text(prompts.pop(0))
        window.composer._send()

    window.controller.model_changed.connect(next_step)
    window.controller.busy_changed.connect(lambda busy: None if busy else next_step())
    window.show()
    app.exec()
    OUT.mkdir(parents=True, exist_ok=True)
    show_actions_of_last_reply(window.transcript)
    window.grab().save(str(OUT / "main-light.png"))

    # The offscreen platform has no system appearance to follow: switch as the app does when
    # the system switches (the window reacts to the palette change).
    os.environ["ORCHARD_APPEARANCE"] = "dark"
    theme.apply_palette(app)
    app.processEvents()
    window.grab()  # a first paint places the code blocks' widgets, made anew for the mode
    app.processEvents()
    show_actions_of_last_reply(window.transcript)
    window.grab().save(str(OUT / "main-dark.png"))
    os.environ["ORCHARD_APPEARANCE"] = "light"
    theme.apply_palette(app)
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

    dialog = SettingsDialog(window.controller.settings(), window.controller.preview, window)
    dialog.show()
    dialog.update_preview()
    app.processEvents()
    for _ in range(50):  # the preview renders in the background (a template is untrusted)
        app.processEvents()
        if dialog.preview_label.text() != "Rendering…":
            break
        QSignalSpy(dialog.preview.textChanged).wait(200)
    dialog.grab().save(str(OUT / "settings.png"))
    dialog.close()
    thread.shutdown()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
