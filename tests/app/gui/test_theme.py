"""The transcript's colours read well in light and in dark mode (WCAG AA, 4.5:1), and a
long code line scrolls inside its block instead of widening the conversation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractSlider
from pytestqt.qtbot import QtBot

from app.gui.chat.transcript import ShownMessage, TranscriptView
from app.gui.theme import AA, DARK, LIGHT, Colours, contrast


def test_the_contrast_formula_is_wcags() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WCAG's grey


def _pairs(c: Colours) -> dict[str, tuple[str, str]]:
    """Every text colour with the background it is drawn on."""
    pairs = {name: (getattr(c, name), c.base) for name in (
        "text", "muted", "user_title", "assistant_title", "notice", "code_label")}
    pairs["typed text on its bubble"] = (c.text, c.user_bubble)
    pairs["code text on its block"] = (c.text, c.code_bg)
    pairs["code label on its block"] = (c.code_label, c.code_bg)
    for level in ("error", "warning", "info"):
        pairs[f"{level} banner"] = c.banner(level)
    return pairs


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_colour_reads_on_its_background(colours: Colours) -> None:
    low = {name: round(contrast(fg, bg), 2) for name, (fg, bg) in _pairs(colours).items()
           if contrast(fg, bg) < AA}
    assert low == {}


def test_a_long_code_line_scrolls_inside_its_block(qtbot: QtBot) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    line = "x = [" + ", ".join(str(n) for n in range(400)) + "]"
    view.set_messages([ShownMessage(1, "user", "a list please"),
                       ShownMessage(2, "assistant", f"Here:\n\n```python\n{line}\n```\n\nDone.")])
    qtbot.waitUntil(lambda: bool(view._code_layout.widgets))
    # the conversation does not scroll sideways: its text keeps the window's width
    assert view.horizontalScrollBar().maximum() == 0
    assert view.document().size().width() <= view.viewport().width()
    block = next(iter(view._code_layout.widgets.values()))
    assert block.geometry().right() <= view.viewport().width()
    # the code block does: the whole line is there, a scroll away
    bar = block.text.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)
    assert bar.value() == bar.maximum()
    assert block.text.toPlainText().strip() == line


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_app_starts_in_the_appearance_asked_for(mode: str) -> None:
    """What the app itself sets up at start (a fresh process: the tests' QApplication
    already exists), forced as a user's system setting would."""
    import os
    import subprocess
    import sys

    code = ("from app.gui.main import _application\n"
            "from PySide6.QtGui import QPalette\n"
            "app = _application([])\n"
            "print(app.palette().color(QPalette.ColorRole.Base).name())")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ORCHARD_APPEARANCE": mode}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=120, check=True).stdout.split()[-1]
    if sys.platform != "darwin":  # on a Mac the system draws it; here our palette does
        assert out == (DARK if mode == "dark" else LIGHT).base
