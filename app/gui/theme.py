"""The app's look in one place: its colours (light and dark), and the style, palette and font
per platform.

On macOS the native style, the system font and the system's palette *are* the look: the accent
colour, and dark mode following the system (Qt switches the palette and tells every widget).
We add nothing there but the transcript's own colours below.

On Linux there is no single native look, and a bare Qt session (no desktop theme plugin)
gets a grey default that looks unfinished. We use Fusion with a palette of our own, light or
dark as the desktop says (``QStyleHints.colorScheme``, which GNOME and KDE report through the
portal), and switch when the desktop switches.

``ORCHARD_APPEARANCE=light|dark`` forces one (screenshots, and checking the other mode).

Every text colour here is chosen with its background and checked for WCAG AA contrast
(4.5:1) by tests/app/gui/test_theme.py; :func:`contrast` is the WCAG formula.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger("orchard.theme")

#: The WCAG AA minimum for body text.
AA = 4.5


@dataclass(frozen=True)
class Colours:
    """The transcript's and the banners' colours for one mode. ``base`` is the background
    they are drawn on (the palette's Base)."""

    base: str
    text: str
    muted: str          # stats line, progress line, thought text
    user_title: str     # "You"
    assistant_title: str  # "Assistant"
    user_bubble: str    # the tinted block behind what the user typed
    code_bg: str
    code_border: str
    code_label: str     # a code block's language label
    table_border: str
    notice: str         # the welcome notice at the top of a new chat
    error: str
    error_bg: str
    warning: str
    warning_bg: str
    info: str
    info_bg: str
    pygments_style: str

    def banner(self, level: str) -> tuple[str, str]:
        """(text, background) of a banner of ``level`` ("error", "warning", "info")."""
        return {"error": (self.error, self.error_bg),
                "warning": (self.warning, self.warning_bg)}.get(level, (self.info, self.info_bg))


LIGHT = Colours(
    base="#ffffff", text="#1d1d1f", muted="#5f6368",
    user_title="#2b59a3", assistant_title="#1e6e33", user_bubble="#eef1f6",
    code_bg="#f6f7f9", code_border="#d8dce3", code_label="#5f6368", table_border="#c9ced6",
    notice="#7a4a00",
    error="#a4161a", error_bg="#fdeceb", warning="#7a4a00", warning_bg="#fff4e0",
    info="#1d4f86", info_bg="#e8f1fb",
    pygments_style="xcode",
)
DARK = Colours(
    base="#1e1f22", text="#e8e8ea", muted="#a4a9b1",
    user_title="#9dbcff", assistant_title="#7fd494", user_bubble="#2b2e34",
    code_bg="#16171a", code_border="#3a3e45", code_label="#a4a9b1", table_border="#4a4f57",
    notice="#f0b862",
    error="#ffa19a", error_bg="#3b1f1f", warning="#f0b862", warning_bg="#382c17",
    info="#9ccaff", info_bg="#1c2b3b",
    pygments_style="github-dark",
)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def colours_for(widget: QWidget) -> Colours:
    """The colours for the mode ``widget`` is drawn in (its palette decides, so a forced or
    system dark mode is followed the same way)."""
    return DARK if is_dark(widget.palette()) else LIGHT


# --- WCAG contrast ---------------------------------------------------------------------------
def _luminance(colour: str) -> float:
    c = QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF()))


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two colours, 1 to 21."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# --- the application's style ----------------------------------------------------------------
def _palette(c: Colours, dark: bool) -> QPalette:
    """A complete Fusion palette around ``c``: window chrome a shade off the text background,
    one blue accent, placeholder and disabled text still readable."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    window = "#26282c" if dark else "#f2f3f5"
    button = "#303338" if dark else "#fbfbfc"
    accent = "#4c8dff" if dark else "#2463d1"
    p = QPalette()
    for r, v in ((role.Window, window), (role.WindowText, c.text), (role.Base, c.base),
                 (role.AlternateBase, c.user_bubble), (role.Text, c.text),
                 (role.Button, button), (role.ButtonText, c.text),
                 (role.BrightText, "#ffffff"), (role.Highlight, accent),
                 (role.HighlightedText, "#ffffff"), (role.Link, c.info),
                 (role.LinkVisited, c.info), (role.PlaceholderText, c.muted),
                 (role.ToolTipBase, c.base), (role.ToolTipText, c.text),
                 (role.Light, "#3c3f45" if dark else "#ffffff"),
                 (role.Midlight, "#34373c" if dark else "#e6e8ec"),
                 (role.Mid, "#4a4e55" if dark else "#c4c8cf"),
                 (role.Dark, "#17181b" if dark else "#9aa0a8"),
                 (role.Shadow, "#000000" if dark else "#5a5f66"),
                 (role.Accent, accent)):
        p.setColor(r, QColor(v))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7b8088" if dark else "#8a8f97"))
    return p


def wanted_scheme(app: QGuiApplication) -> str:
    """"light" or "dark": ``ORCHARD_APPEARANCE`` if set, else what the system says."""
    forced = os.environ.get("ORCHARD_APPEARANCE", "").strip().lower()
    if forced in ("light", "dark"):
        return forced
    return "dark" if app.styleHints().colorScheme() == Qt.ColorScheme.Dark else "light"


def apply(app: QApplication) -> None:
    """Give the application its look (call once, before the window is built)."""
    if sys.platform == "darwin":
        # native style, system font and palette already; a forced mode goes through Qt
        forced = os.environ.get("ORCHARD_APPEARANCE", "").strip().lower()
        if forced in ("light", "dark"):
            app.styleHints().setColorScheme(
                Qt.ColorScheme.Dark if forced == "dark" else Qt.ColorScheme.Light)
        return
    app.setStyle("Fusion")
    app.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
    apply_palette(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_palette(app))


def apply_palette(app: QApplication) -> None:
    dark = wanted_scheme(app) == "dark"
    log.info("appearance: %s", "dark" if dark else "light")
    app.setPalette(_palette(DARK if dark else LIGHT, dark))
