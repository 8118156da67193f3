"""Start the desktop app, or run its self-test.

``orchard --self-test [--screenshot PATH]`` opens the real window (offscreen where there is
no display), sends a prompt to the starter model through the real engine, waits for
the reply, saves a screenshot, prints one JSON line of stats and exits 0; non-zero on any
failure. The bundle smoke test uses it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SELF_TEST_PROMPT = "What is the capital of France? Answer in one sentence."
SELF_TEST_TIMEOUT_MS = 480_000


def _application(argv: list[str]) -> Any:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and (
        sys.platform.startswith("linux")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    created = existing is None
    app.setApplicationName("Orchard")
    app.setOrganizationName("Orchard")
    if created:  # the look: native on a Mac, Fusion with our palette on Linux
        from app.gui import theme

        theme.apply(app)
    return app


def build_window(store: Any = None, worker: Any = None) -> tuple[Any, Any]:
    """The real window on the real engine. Returns (window, worker): ``worker.close()``
    ends the engine once the window is gone."""
    from app.gui.chat.worker import InferenceWorker
    from app.gui.window import MainWindow
    from inference.store import ConversationStore

    # The store opens first: one that cannot (a newer schema, a locked or read-only file)
    # raises its sentence here, before an engine thread exists that Python would have to tear
    # down while it runs (that aborted the process).
    store = store or ConversationStore()
    if worker is None:
        from inference.remote import ProcessEngine

        # the model in a process of its own: a crash there (Metal out of memory) does not
        # take the window with it
        worker = InferenceWorker(engine=ProcessEngine())
    window = MainWindow(store, worker)
    return window, worker


def run_gui(argv: list[str]) -> int:
    from app.gui.i18n import install
    from app.gui.settings import AppSettings
    from inference.errors import OrchardError

    app = _application(argv)
    install(AppSettings.load().language)  # before any widget exists: their texts use it
    try:
        window, worker = build_window()
    except OrchardError as exc:
        _tell(str(exc))
        raise  # the CLI prints the same sentence and exits 2
    # in this order: the API's requests and the downloads stop before the model's thread ends
    # (the window's closeEvent does the same; a quit from the Dock may skip it)
    app.aboutToQuit.connect(window.local_api.stop)
    app.aboutToQuit.connect(window.downloads.shutdown)
    app.aboutToQuit.connect(worker.close)
    window.show()
    return int(app.exec())


def _tell(sentence: str) -> None:
    """A start-up failure, shown to someone who double-clicked the app (no terminal)."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, QCoreApplication.translate("Main", "Orchard cannot start"),
                         sentence)


def run_self_test(screenshot: Path | None) -> int:
    """Open the window, chat once with the starter model, screenshot, report, exit."""
    app = _application(sys.argv[:1])
    from PySide6.QtCore import QTimer

    from app.gui import notify as messages
    from app.gui.chat.worker import InferenceWorker

    outcome: dict[str, Any] = {}

    def fail(reason: str) -> None:
        if "error" not in outcome and "stats" not in outcome:
            outcome["error"] = reason
            app.exit(1)

    def loaded(info: Any) -> None:
        if info is not None and "sent" not in outcome:
            outcome["sent"] = True
            window.controller.set_settings(
                window.controller.settings().__class__(temperature=0.0, max_tokens=32)
            )
            window.composer.set_text(SELF_TEST_PROMPT)
            window.composer._send()

    def finished(result: Any) -> None:
        outcome["result"] = result
        over()

    def idle(busy: bool) -> None:
        if not busy and "sent" in outcome:
            outcome["idle"] = True
            over()

    def over() -> None:
        # Heard the reply (the worker) and the window's end of it (the controller says it is
        # idle only after its final save and drawing the reply): exiting on the worker's
        # signal alone left the reply saved cut short (complete=0) in 11 of 19 runs. Shoot
        # on the next turn of the event loop, after the window drew the stats line.
        if "result" in outcome and outcome.pop("idle", False):
            QTimer.singleShot(0, lambda: done(outcome["result"]))

    def done(result: Any) -> None:
        f = result.final
        app.processEvents()  # the layout the finished reply asked for (the context meter)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(screenshot)):
                fail(f"could not save the screenshot to {screenshot}")
                return
        outcome["stats"] = {
            "ok": True, "model": getattr(window.controller.model_info, "name", None),
            "weights": getattr(window.controller.model_info, "weights", None),
            "reply": result.content, **f.figures(digits=3),
            "screenshot": str(screenshot or ""),
        }
        app.exit(0)

    # Connected before the window exists: it requests the starter while it is built, and a
    # broken file fails in milliseconds, before a later connection could hear of it. (The
    # worker emits on the GUI thread, so plain functions may receive.)
    from inference.remote import ProcessEngine

    worker = InferenceWorker(engine=ProcessEngine())  # as the app runs it: see build_window
    worker.load_failed.connect(lambda message: fail(f"load failed: {message}"))
    worker.failed.connect(lambda message: fail(f"reply failed: {message}"))
    worker.finished.connect(finished)
    messages.bus.posted.connect(lambda level, text: log.info("%s: %s", level, text))
    window, _ = build_window(worker=worker)
    window.app_settings.model = "starter"
    window.controller.model_changed.connect(loaded)
    window.controller.busy_changed.connect(idle)  # on the GUI thread, after the final save
    QTimer.singleShot(SELF_TEST_TIMEOUT_MS, lambda: fail("timed out"))
    window.show()
    code = int(app.exec())
    window.controller.stop()
    worker.close()
    if "stats" in outcome:
        print(json.dumps(outcome["stats"], ensure_ascii=False))
        return 0 if code == 0 else 1
    print(json.dumps({"ok": False, "error": outcome.get("error", "unknown failure")}))
    return 1
