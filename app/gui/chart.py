"""The compare chart: model size against quality and against speed, drawn with QPainter.

Two panels share the x axis (size in MB): left, KL divergence from the reference (or
perplexity when no reference figures exist); right, generation tokens per second. Drawn on a
QImage so it works without a window (``QT_QPA_PLATFORM=offscreen``) and needs no plotting
library. Call from the GUI thread, or from a CLI process with no other Qt thread.
"""

from __future__ import annotations

import math
import os
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


def _panel(p: Any, rect: tuple[int, int, int, int], points: list[tuple[float, float, str, int]],
           title: str, y_label: str) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QPen

    x0, y0, w, h = rect
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#222222"), 1))
    p.drawText(QRectF(x0, y0 - 40, w, 24), Qt.AlignmentFlag.AlignCenter, title)
    p.setPen(QPen(QColor("#888888"), 1))
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

    grid = QPen(QColor("#e4e4e4"), 1)
    for t in xt:
        p.setPen(grid)
        p.drawLine(to_px(t, 0), to_px(t, y_hi))
        p.setPen(QColor("#444444"))
        p.drawText(QRectF(to_px(t, 0).x() - 40, y0 + h + 4, 80, 20),
                   Qt.AlignmentFlag.AlignHCenter, _fmt(t))
    for t in yt:
        p.setPen(grid)
        p.drawLine(to_px(0, t), to_px(x_hi, t))
        p.setPen(QColor("#444444"))
        p.drawText(QRectF(x0 - 70, to_px(0, t).y() - 10, 64, 20),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _fmt(t))
    p.drawText(QRectF(x0, y0 + h + 28, w, 20), Qt.AlignmentFlag.AlignHCenter, "size (MB)")
    p.save()
    p.translate(x0 - 62, y0 + h / 2)
    p.rotate(-90)
    p.drawText(QRectF(-h / 2, -20, h, 20), Qt.AlignmentFlag.AlignHCenter, y_label)
    p.restore()
    for x, y, label, k in points:
        colour = QColor(COLOURS[k % len(COLOURS)])
        c = to_px(x, y)
        p.setPen(QPen(colour.darker(130), 2))
        p.setBrush(colour)
        p.drawEllipse(c, 7, 7)
        p.setPen(QColor("#222222"))
        p.drawText(QPointF(c.x() + 10, c.y() - 8), label)
    p.setBrush(Qt.BrushStyle.NoBrush)


def save_chart(report: Any, path: Path) -> None:
    """Draw ``report`` (an inference.eval.compare.CompareReport) and save it as a PNG."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from inference.errors import OrchardError

    _app()
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

    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont()
        font.setPixelSize(14)
        p.setFont(font)
        names = ", ".join(f"[{r.index + 1}] {r.name}" for r in rows)
        p.drawText(0, 8, WIDTH, 22, Qt.AlignmentFlag.AlignHCenter, f"Compare: {names}")
        panel_w = (WIDTH - 2 * MARGIN_L - 2 * MARGIN_R) // 2
        h = HEIGHT - MARGIN_T - MARGIN_B
        q_title = ("KL divergence from the reference (lower is closer)" if have_kl
                   else "perplexity (lower is better)")
        _panel(p, (MARGIN_L, MARGIN_T, panel_w, h), quality, q_title,
               "mean KL (nats)" if have_kl else "perplexity")
        _panel(p, (2 * MARGIN_L + MARGIN_R + panel_w, MARGIN_T, panel_w, h), speed,
               "generation speed (higher is faster)", "tokens/s")
    finally:
        p.end()
    path = Path(path)
    # PySide6 6.11's stub types the format as bytes, but only a str is accepted at runtime.
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OrchardError(f"Could not write the chart to {path}.")
