"""The compare chart: model size against quality and against speed, drawn with QPainter.

Two panels share the x axis (size in MB): left, KL divergence from the reference (or
perplexity when no reference figures exist); right, generation tokens per second.
:func:`paint_chart` draws it at any size on any QPainter: the Compare window paints it straight
onto a widget at the widget's own size (crisp at every size, in the window's light or dark
colours), and :func:`save_chart` onto a PNG image or an SVG file. Works without a window
(``QT_QPA_PLATFORM=offscreen``) and needs no plotting library. Call from the GUI thread, or
from a CLI process with no other Qt thread.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1200, 520
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 80, 30, 70, 70
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")


def _app() -> Any:
    """The application (for fonts); created offscreen if the process has none.

    A QApplication, not a QGuiApplication: the process may open windows later (the app, or
    the GUI tests), and Qt aborts on a widget made under a bare QGuiApplication.
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    step = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * step:
            step *= m
            break
    first = math.floor(lo / step) * step
    return [first + k * step for k in range(int((hi - first) / step) + 2)]


def _fmt(v: float) -> str:
    if v == 0:
        return "0"
    if abs(v) >= 100 or float(v).is_integer():
        return f"{v:.0f}"
    if abs(v) >= 1:
        return f"{v:.1f}"
    return f"{v:.2g}"


@dataclass(frozen=True)
class Ink:
    """The chart's colours: dark text on white for files, the window's own in the window."""

    background: str = "#ffffff"
    text: str = "#222222"
    axis: str = "#888888"
    grid: str = "#e4e4e4"
    label: str = "#444444"


DARK = Ink(background="#1e1e1e", text="#e8e8e8", axis="#8a8a8a", grid="#3a3a3a",
           label="#c8c8c8")


def _overlap(a: Any, b: Any) -> float:
    both = a.intersected(b)
    return float(both.width() * both.height()) if both.isValid() else 0.0


def _panel(p: Any, rect: tuple[float, float, float, float],
           points: list[tuple[float, float, str, int]], title: str, y_label: str,
           ink: Ink) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QPen

    x0, y0, w, h = rect
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor(ink.text), 1))
    # two lines where the panel is narrow, rather than a title clipped at both ends
    p.drawText(QRectF(x0 - 20, y0 - 46, w + 40, 42),
               Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
               | Qt.TextFlag.TextWordWrap, title)
    p.setPen(QPen(QColor(ink.axis), 1))
    p.drawRect(QRectF(x0, y0, w, h))
    if not points:
        p.drawText(QRectF(x0, y0, w, h), Qt.AlignmentFlag.AlignCenter, "no figures")
        return
    xs = [pt[0] for pt in points]
    ys = [pt[1] for pt in points]
    xt = _ticks(0.0, max(xs) * 1.1)
    yt = _ticks(0.0, max(ys) * 1.15 if max(ys) > 0 else 1.0)
    x_hi, y_hi = xt[-1], yt[-1]

    def to_px(x: float, y: float) -> QPointF:
        return QPointF(x0 + w * x / x_hi, y0 + h - h * y / y_hi)

    grid = QPen(QColor(ink.grid), 1)
    for t in xt:
        p.setPen(grid)
        p.drawLine(to_px(t, 0), to_px(t, y_hi))
        p.setPen(QColor(ink.label))
        p.drawText(QRectF(to_px(t, 0).x() - 40, y0 + h + 4, 80, 20),
                   Qt.AlignmentFlag.AlignHCenter, _fmt(t))
    for t in yt:
        p.setPen(grid)
        p.drawLine(to_px(0, t), to_px(x_hi, t))
        p.setPen(QColor(ink.label))
        p.drawText(QRectF(x0 - 70, to_px(0, t).y() - 10, 64, 20),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _fmt(t))
    p.drawText(QRectF(x0, y0 + h + 28, w, 20), Qt.AlignmentFlag.AlignHCenter, "size (MB)")
    p.save()
    p.translate(x0 - 62, y0 + h / 2)
    p.rotate(-90)
    p.drawText(QRectF(-h / 2, -20, h, 20), Qt.AlignmentFlag.AlignHCenter, y_label)
    p.restore()
    placed: list[Any] = []
    metrics = p.fontMetrics()
    bounds = QRectF(x0 - 4, y0 - 4, w + 8, h + 8)
    for x, y, _label, k in points:
        colour = QColor(COLOURS[k % len(COLOURS)])
        c = to_px(x, y)
        p.setPen(QPen(colour.darker(130), 2))
        p.setBrush(colour)
        p.drawEllipse(c, 7, 7)
        placed.append(QRectF(c.x() - 8, c.y() - 8, 16, 16))
    p.setBrush(Qt.BrushStyle.NoBrush)
    for x, y, label, k in points:
        # the label goes beside its point, as near as it can without leaving the panel or
        # covering another label or point (greedy, in the order of the points)
        c = to_px(x, y)
        tw, th = metrics.horizontalAdvance(label) + 2, metrics.height()
        spots = []
        for lift in range(4):
            for left in (False, True):
                for below in (False, True):
                    dy = 8 + lift * th
                    top = c.y() + dy if below else c.y() - dy - th
                    spots.append(QRectF(c.x() - 10 - tw if left else c.x() + 10, top, tw, th))
        inside = [r for r in spots if bounds.contains(r)] or spots
        free = [r for r in inside if not any(r.intersects(o) for o in placed)]
        spot = free[0] if free else min(
            inside, key=lambda r: sum(_overlap(r, o) for o in placed))
        placed.append(spot)
        colour = QColor(COLOURS[k % len(COLOURS)])
        if spot not in spots[:4]:  # moved away to find room: a thin line back to its point
            p.setPen(QPen(colour, 1))
            corner = QPointF(spot.right() if spot.center().x() < c.x() else spot.left(),
                             spot.bottom() if spot.center().y() < c.y() else spot.top())
            p.drawLine(c, corner)
        # in its point's colour, so a label is never read as its neighbour's
        p.setPen(colour.darker(150) if ink.background == Ink().background
                 else colour.lighter(140))
        p.drawText(spot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)


def paint_chart(p: Any, report: Any, width: float, height: float, ink: Ink = Ink()) -> None:
    """Draw ``report`` (an inference.eval.compare.CompareReport) in a ``width`` x ``height``
    area of painter ``p``. Below the file size (1200 x 520) the panels sit one above the other
    once the area is taller than wide, so a narrow window still reads."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QPainter

    rows = [r for r in report.results if not r.error]
    have_kl = any(r.quality is not None and r.quality.kl is not None for r in rows) and len(
        [r for r in rows if r.quality is not None]
    ) > 1
    quality: list[tuple[float, float, str, int]] = []
    speed: list[tuple[float, float, str, int]] = []
    for r in rows:
        label = f"{r.quantization} ({r.bits_per_weight:.1f} bpw)"
        size = r.size_bytes / 1e6
        if r.quality is not None:
            y = r.quality.kl if have_kl and r.quality.kl is not None else r.quality.ppl
            quality.append((size, y, label, r.index))
        if r.generation_tokens:
            speed.append((size, r.generation_tps, label, r.index))

    p.fillRect(QRectF(0, 0, width, height), QColor(ink.background))
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont()
    font.setPixelSize(14 if width >= 700 else 12)
    p.setFont(font)
    p.setPen(QColor(ink.text))
    names = ", ".join(f"[{r.index + 1}] {r.name}" for r in rows)
    heading = p.fontMetrics().elidedText(f"Compare: {names}", Qt.TextElideMode.ElideRight,
                                         int(width) - 16)
    p.drawText(QRectF(0, 4, width, 20), Qt.AlignmentFlag.AlignHCenter, heading)
    q_title = ("KL divergence from the reference (lower is closer)" if have_kl
               else "perplexity (lower is better)")
    q_label = "mean KL (nats)" if have_kl else "perplexity"
    s_title, s_label = "generation speed (higher is faster)", "tokens/s"
    if height > width:  # stacked
        panel_w = width - MARGIN_L - MARGIN_R
        h = (height - 2 * MARGIN_T - 2 * MARGIN_B) / 2
        _panel(p, (MARGIN_L, MARGIN_T, panel_w, h), quality, q_title, q_label, ink)
        _panel(p, (MARGIN_L, 2 * MARGIN_T + MARGIN_B + h, panel_w, h), speed, s_title,
               s_label, ink)
    else:
        panel_w = (width - 2 * MARGIN_L - 2 * MARGIN_R) / 2
        h = height - MARGIN_T - MARGIN_B
        _panel(p, (MARGIN_L, MARGIN_T, panel_w, h), quality, q_title, q_label, ink)
        _panel(p, (2 * MARGIN_L + MARGIN_R + panel_w, MARGIN_T, panel_w, h), speed, s_title,
               s_label, ink)


def save_chart(report: Any, path: Path) -> Path:
    """Draw ``report`` into ``path``: an SVG file when its name ends in .svg, else a PNG.
    Returns the path written."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QColor, QImage, QPainter

    from inference.errors import OrchardError

    _app()
    path = Path(path)
    if path.suffix.lower() == ".svg":
        from PySide6.QtSvg import QSvgGenerator

        svg = QSvgGenerator()
        svg.setFileName(str(path))
        svg.setSize(QSize(WIDTH, HEIGHT))
        svg.setViewBox(QRectF(0, 0, WIDTH, HEIGHT))
        svg.setTitle("Orchard compare")
        p = QPainter()
        if not p.begin(svg):
            raise OrchardError(f"Could not write the chart to {path}.")
        try:
            paint_chart(p, report, WIDTH, HEIGHT)
        finally:
            p.end()
        if not path.is_file():
            raise OrchardError(f"Could not write the chart to {path}.")
        return path
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    try:
        paint_chart(p, report, WIDTH, HEIGHT)
    finally:
        p.end()
    # PySide6 6.11's stub types the format as bytes, but only a str is accepted at runtime.
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OrchardError(f"Could not write the chart to {path}.")
    return path
