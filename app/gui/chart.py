"""The compare chart: what each quantization loses against what it saves, drawn with QPainter.

Left, the quant ladder as llama.cpp's users read it: mean KL divergence from the reference on
a log scale against bits per weight, one point per rung (labelled with its size), and the
Pareto front dashed through the rungs no other rung beats on both (or perplexity, linear,
when there are no KL figures). Right, generation tokens per second against size.
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
#: Rungs are coloured by how close they stay to the reference, closest first (green to red),
#: not by their place in the list: the same colour means the same standing on any chart.
QUALITY_COLOURS = ("#1a9850", "#91cf60", "#fc8d59", "#d73027")
REFERENCE_COLOUR = "#555555"
#: What the quality panel can put KL against: bits per weight (the quant ladder as
#: llama.cpp's users read it), file size, peak memory on this machine, decode speed here.
X_AXES = ("bits", "size", "memory", "speed")


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


def _log_ticks(lo: float, hi: float, room: int = 12) -> list[float]:
    """Ticks for a log axis covering [lo, hi] (both > 0): the powers of ten, with 2 and 5
    between them when they fit (``room``: how many labels the axis has space for)."""
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    if last == first:
        last += 1
    steps = (1, 2, 5) if 3 * (last - first) + 1 <= room else (1,)
    ticks = [m * 10.0 ** e for e in range(first, last) for m in steps]
    ticks.append(10.0 ** last)
    # trim to the decade steps around the data, keeping one tick beyond each end
    below = [t for t in ticks if t <= lo]
    above = [t for t in ticks if t >= hi]
    return [t for t in ticks if (below[-1] if below else ticks[0]) <= t
            <= (above[0] if above else ticks[-1])]


def pareto_front(points: list[tuple[float, float]]) -> list[int]:
    """Indices of the points no other point beats on both axes (smaller x and smaller y, both
    lower being better), in order of x: the rungs worth choosing."""
    order = sorted(range(len(points)), key=lambda i: (points[i][0], points[i][1]))
    front: list[int] = []
    best = math.inf
    for i in order:
        if points[i][1] < best:
            front.append(i)
            best = points[i][1]
    return front


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


@dataclass(frozen=True)
class _Axes:
    x_label: str
    y_label: str
    log_y: bool = False
    x_from_zero: bool = True
    front: bool = False  # draw the Pareto front (lower x and lower y are better)
    #: where the reference sits on the x axis (a line across the panel), and its label
    reference_x: float | None = None
    reference_label: str = ""


def _panel(p: Any, rect: tuple[float, float, float, float],
           points: list[tuple[float, float, str, int]], title: str, axes: _Axes,
           ink: Ink) -> None:
    from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
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
        p.drawText(QRectF(x0, y0, w, h), Qt.AlignmentFlag.AlignCenter,
                   QCoreApplication.translate("Chart", "no figures"))
        return
    xs = [pt[0] for pt in points] + ([axes.reference_x] if axes.reference_x is not None else [])
    ys = [pt[1] for pt in points]
    if axes.x_from_zero:
        xt = _ticks(0.0, max(xs) * 1.1)
    else:  # bits per weight: the rungs' own range, with room for the labels
        span = max(max(xs) - min(xs), 1.0)
        xt = _ticks(max(min(xs) - span * 0.2, 0.0), max(xs) + span * 0.2)
    if axes.log_y:
        # no point on the panel's edge; a label every 22 pixels at most
        yt = _log_ticks(min(ys) / 1.6, max(ys) * 1.6, room=int(h // 22))
    else:
        yt = _ticks(0.0, max(ys) * 1.15 if max(ys) > 0 else 1.0)
    x_lo, x_hi, y_lo, y_hi = xt[0], xt[-1], yt[0], yt[-1]
    if axes.log_y:
        y_lo, y_hi = math.log10(y_lo), math.log10(y_hi)

    def to_px(x: float, y: float) -> QPointF:
        v = math.log10(y) if axes.log_y else y
        return QPointF(x0 + w * (x - x_lo) / (x_hi - x_lo),
                       y0 + h - h * (v - y_lo) / (y_hi - y_lo))

    y_base = yt[0]

    grid = QPen(QColor(ink.grid), 1)
    for t in xt:
        p.setPen(grid)
        p.drawLine(to_px(t, y_base), to_px(t, yt[-1]))
        p.setPen(QColor(ink.label))
        p.drawText(QRectF(to_px(t, y_base).x() - 40, y0 + h + 4, 80, 20),
                   Qt.AlignmentFlag.AlignHCenter, _fmt(t))
    for t in yt:
        p.setPen(grid)
        p.drawLine(to_px(x_lo, t), to_px(x_hi, t))
        p.setPen(QColor(ink.label))
        p.drawText(QRectF(x0 - 70, to_px(x_lo, t).y() - 10, 64, 20),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _fmt(t))
    p.drawText(QRectF(x0, y0 + h + 28, w, 20), Qt.AlignmentFlag.AlignHCenter, axes.x_label)
    p.save()
    p.translate(x0 - 62, y0 + h / 2)
    p.rotate(-90)
    p.drawText(QRectF(-h / 2, -20, h, 20), Qt.AlignmentFlag.AlignHCenter, axes.y_label)
    p.restore()
    if axes.reference_x is not None:
        top, bottom = to_px(axes.reference_x, yt[-1]), to_px(axes.reference_x, y_base)
        p.setPen(QPen(QColor(REFERENCE_COLOUR), 2, Qt.PenStyle.DotLine))
        p.drawLine(top, bottom)
        p.setPen(QColor(ink.label))
        label_w = p.fontMetrics().horizontalAdvance(axes.reference_label) + 4
        left = top.x() - label_w - 6 if top.x() + label_w + 6 > x0 + w else top.x() + 6
        p.drawText(QRectF(left, y0 + 4, label_w, 20), Qt.AlignmentFlag.AlignLeft,
                   axes.reference_label)
    if axes.front and len(points) > 1:
        front = pareto_front([(x, y) for x, y, _l, _k in points])
        pen = QPen(QColor(ink.axis), 1.5, Qt.PenStyle.DashLine)
        p.setPen(pen)
        for a, b in zip(front, front[1:], strict=False):
            p.drawLine(to_px(points[a][0], points[a][1]), to_px(points[b][0], points[b][1]))
        p.setPen(QColor(ink.label))
        p.drawText(QRectF(x0 - 40, y0 + h + 46, w + 80, 20), Qt.AlignmentFlag.AlignHCenter,
                   p.fontMetrics().elidedText(
                       QCoreApplication.translate(
                           "Chart", "dashed: the best trade-offs"),
                       Qt.TextElideMode.ElideRight, int(w + 80)))
    placed: list[Any] = []
    metrics = p.fontMetrics()
    bounds = QRectF(x0 - 4, y0 - 4, w + 8, h + 8)
    for x, y, _label, k in points:
        colour = QColor(_colour(k))
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
        colour = QColor(_colour(k))
        if spot not in spots[:4]:  # moved away to find room: a thin line back to its point
            p.setPen(QPen(colour, 1))
            corner = QPointF(spot.right() if spot.center().x() < c.x() else spot.left(),
                             spot.bottom() if spot.center().y() < c.y() else spot.top())
            p.drawLine(c, corner)
        # in its point's colour, so a label is never read as its neighbour's
        p.setPen(colour.darker(150) if ink.background == Ink().background
                 else colour.lighter(140))
        p.drawText(spot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)


def _colour(rank: int) -> str:
    """A point's colour by its rank in quality (0: closest to the reference); -1: the
    reference itself."""
    if rank < 0:
        return REFERENCE_COLOUR
    return QUALITY_COLOURS[min(rank, len(QUALITY_COLOURS) - 1)]


def _ranks(report: Any, rows: list[Any]) -> dict[int, int]:
    """Each model's colour rank: by mean KL (or perplexity) when measured, else in order;
    the reference -1."""
    def closeness(r: Any) -> float:
        q = r.quality
        if q is None:
            return math.inf
        return q.kl if q.kl is not None else q.ppl

    others = sorted((r for r in rows if r.index != report.reference),
                    key=lambda r: (closeness(r), r.index))
    ranks = {r.index: k for k, r in enumerate(others)}
    ranks[report.reference] = -1
    return ranks


def _x_value(r: Any, axis: str) -> float | None:
    if axis == "size":
        return r.size_bytes / 1e6
    if axis == "memory":
        return r.peak_memory_gb * 1e3 if r.peak_memory_gb else r.memory_estimate_bytes / 1e6
    if axis == "speed":
        return _decode_tps(r)
    return float(r.bits_per_weight)


def _decode_tps(r: Any) -> float | None:
    """Tokens per second the model decoded at here: its reply's, else the speed timed at the
    comparison's context."""
    if r.generation_tokens:
        return float(r.generation_tps)
    speed = getattr(r, "speed", None)
    return float(speed.decode_tps) if speed is not None else None


def _megabytes(n: int) -> str:
    """A size as the compare table gives it (decimal megabytes)."""
    from PySide6.QtCore import QCoreApplication

    if n >= 1e9:
        return QCoreApplication.translate("Chart", "{n} GB").format(n=f"{n / 1e9:.2f}")
    return QCoreApplication.translate("Chart", "{n} MB").format(n=f"{n / 1e6:.1f}")


def paint_chart(p: Any, report: Any, width: float, height: float, ink: Ink = Ink(),
                x_axis: str = "bits") -> None:
    """Draw ``report`` (an inference.eval.compare.CompareReport) in a ``width`` x ``height``
    area of painter ``p``; ``x_axis`` (one of :data:`X_AXES`) is what the quality panel puts
    KL against. Below the file size (1200 x 520) the panels sit one above the other once the
    area is taller than wide, so a narrow window still reads."""
    from PySide6.QtCore import QCoreApplication, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QPainter

    rows = [r for r in report.results if not r.error]
    ranks = _ranks(report, rows)
    # KL on a log axis: the reference (KL 0) has no place on it, every other rung does
    # (a KL of exactly 0 is a copy of the reference: drawn at the axis's floor); the
    # reference is drawn as a line where the axis can place it
    have_kl = any(r.quality is not None and r.quality.kl is not None
                  and r.index != report.reference for r in rows)
    quality: list[tuple[float, float, str, int]] = []
    speed: list[tuple[float, float, str, int]] = []
    for r in rows:
        size = r.size_bytes / 1e6
        x = _x_value(r, x_axis)
        name = f"{r.quantization} · {_megabytes(r.size_bytes)}"
        if r.quality is not None and x is not None:
            if have_kl and r.quality.kl is not None and r.index != report.reference:
                quality.append((x, max(r.quality.kl, 1e-6), name, ranks[r.index]))
            elif not have_kl:
                quality.append((x, r.quality.ppl, name, ranks[r.index]))
        tps = _decode_tps(r)
        if tps is not None:
            label = QCoreApplication.translate("Chart", "{quantization} ({bits} bpw)").format(
                quantization=r.quantization, bits=f"{r.bits_per_weight:.1f}")
            speed.append((size, tps, label, ranks[r.index]))
    ref = next((r for r in rows if r.index == report.reference), None)
    ref_x = _x_value(ref, x_axis) if ref is not None and have_kl else None

    p.fillRect(QRectF(0, 0, width, height), QColor(ink.background))
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont()
    font.setPixelSize(14 if width >= 700 else 12)
    p.setFont(font)
    p.setPen(QColor(ink.text))
    names = ", ".join(f"[{r.index + 1}] {r.name}" for r in rows)
    heading = p.fontMetrics().elidedText(
        QCoreApplication.translate("Chart", "Compare: {names}").format(names=names),
        Qt.TextElideMode.ElideRight, int(width) - 16)
    p.drawText(QRectF(0, 4, width, 20), Qt.AlignmentFlag.AlignHCenter, heading)
    if not have_kl:
        q_title = QCoreApplication.translate("Chart", "perplexity (lower is better)")
    elif ref is not None:
        q_title = QCoreApplication.translate(
            "Chart", "KL divergence from [{n}] {name}: lower is closer (green closest, red "
            "furthest)").format(n=ref.index + 1, name=ref.quantization or ref.name)
    else:
        q_title = QCoreApplication.translate(
            "Chart", "KL divergence from the reference: lower is closer")
    x_labels = {"bits": QCoreApplication.translate("Chart", "bits per weight"),
                "size": QCoreApplication.translate("Chart", "file size (MB)"),
                "memory": QCoreApplication.translate("Chart", "memory here (MB)"),
                "speed": QCoreApplication.translate("Chart", "speed here (tokens/s)")}
    q_axes = _Axes(x_labels.get(x_axis, x_labels["bits"]),
                   QCoreApplication.translate("Chart", "KL, log scale")
                   if have_kl else QCoreApplication.translate("Chart", "perplexity"),
                   log_y=have_kl, x_from_zero=x_axis != "bits",
                   front=x_axis != "speed", reference_x=ref_x,
                   reference_label=QCoreApplication.translate("Chart", "reference: {name}").format(
                       name=ref.quantization or ref.name) if ref is not None else "")
    s_title = QCoreApplication.translate("Chart", "generation speed (higher is faster)")
    s_axes = _Axes(QCoreApplication.translate("Chart", "size (MB)"),
                   QCoreApplication.translate("Chart", "tokens/s"))
    if not speed or not quality:  # a measure without replies (or replies only): one panel
        only = (quality, q_title, q_axes) if quality or not speed else (speed, s_title, s_axes)
        _panel(p, (MARGIN_L, MARGIN_T, width - MARGIN_L - MARGIN_R,
                   height - MARGIN_T - MARGIN_B), *only, ink)
    elif height > width:  # stacked
        panel_w = width - MARGIN_L - MARGIN_R
        h = (height - 2 * MARGIN_T - 2 * MARGIN_B) / 2
        _panel(p, (MARGIN_L, MARGIN_T, panel_w, h), quality, q_title, q_axes, ink)
        _panel(p, (MARGIN_L, 2 * MARGIN_T + MARGIN_B + h, panel_w, h), speed, s_title,
               s_axes, ink)
    else:
        panel_w = (width - 2 * MARGIN_L - 2 * MARGIN_R) / 2
        h = height - MARGIN_T - MARGIN_B
        _panel(p, (MARGIN_L, MARGIN_T, panel_w, h), quality, q_title, q_axes, ink)
        _panel(p, (2 * MARGIN_L + MARGIN_R + panel_w, MARGIN_T, panel_w, h), speed, s_title,
               s_axes, ink)


def chart_bytes(report: Any, svg: bool) -> bytes:
    """``report``'s chart drawn into memory: an SVG document, or a PNG image. Raises one
    sentence (an ``OrchardError``) when it cannot be drawn."""
    from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRectF, QSize
    from PySide6.QtGui import QColor, QImage, QPainter

    from inference.errors import OrchardError

    _app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    failed = OrchardError(QCoreApplication.translate("Chart", "Could not draw the chart."))
    if svg:
        from PySide6.QtSvg import QSvgGenerator

        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(WIDTH, HEIGHT))
        generator.setViewBox(QRectF(0, 0, WIDTH, HEIGHT))
        generator.setTitle("Orchard compare")
        p = QPainter()
        if not p.begin(generator):
            raise failed
        try:
            paint_chart(p, report, WIDTH, HEIGHT)
        finally:
            p.end()  # the generator writes the closing tags here
    else:
        image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        p = QPainter(image)
        try:
            paint_chart(p, report, WIDTH, HEIGHT)
        finally:
            p.end()
        # PySide6 6.11's stub types the format as bytes, but only a str is accepted at runtime.
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
            raise failed
    buffer.close()
    return bytes(data.data())


def save_chart(report: Any, path: Path) -> Path:
    """Draw ``report`` into ``path``: an SVG file when its name ends in .svg, else a PNG.
    Returns the path written.

    Drawn into memory, then written whole or not at all (:func:`write_atomically`): a full
    disk raises its :class:`DiskFullError` sentence and leaves no half a picture; any other
    failure is one sentence too (an ``OrchardError``)."""
    from PySide6.QtCore import QCoreApplication

    from inference.errors import OrchardError
    from inference.files import DiskFullError, write_atomically

    path = Path(path)
    failed = OrchardError(QCoreApplication.translate(
        "Chart", "Could not write the chart to {path}.").format(path=path))
    try:
        data = chart_bytes(report, path.suffix.lower() == ".svg")
    except OrchardError as exc:
        raise failed from exc
    try:
        write_atomically(path, data, what="the chart")
    except DiskFullError:
        raise
    except OSError as exc:
        raise failed from exc
    return path


def html_report(report: Any, machine: dict[str, Any] | None = None) -> str:
    """The report as one self-contained HTML page, its chart inline as SVG."""
    return str(report.html(chart_bytes(report, svg=True).decode("utf-8"), machine))
