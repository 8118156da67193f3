"""The compare chart's geometry: the Pareto front of a quant ladder and the log KL axis."""

from __future__ import annotations

import pytest

from app.gui.chart import _log_ticks, pareto_front


def test_the_pareto_front_keeps_the_rungs_no_other_beats_on_both() -> None:
    # (bits per weight, KL): the starter's ladder as docs/compare-ladder.md measured it
    ladder = [(8.51, 0.00103), (8.12, 0.00364), (6.17, 0.04616), (5.35, 0.24121),
              (5.46, 0.10761), (5.14, 0.43304)]
    # every rung of it is on the front, by size: each larger one is closer
    assert pareto_front(ladder) == [5, 3, 4, 2, 1, 0]
    # a rung both larger and further than another drops out
    assert pareto_front([(4.0, 0.2), (5.0, 0.3), (6.0, 0.05)]) == [0, 2]
    assert pareto_front([(5.0, 0.1), (5.0, 0.2)]) == [0]  # a tie in size: the closer one
    assert pareto_front([]) == []


@pytest.mark.parametrize(("lo", "hi", "expected"), [
    (0.00064, 0.074, [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1]),
    (0.02, 0.03, [0.02, 0.05]),
    (1e-5, 2.0, [1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0]),
])
def test_the_log_axis_covers_the_figures_with_round_ticks(
    lo: float, hi: float, expected: list[float]
) -> None:
    ticks = _log_ticks(lo, hi)
    assert ticks == pytest.approx(expected)
    assert ticks[0] <= lo and ticks[-1] >= hi


def test_a_short_log_axis_keeps_to_the_powers_of_ten() -> None:
    assert _log_ticks(0.00064, 0.074, room=6) == pytest.approx([1e-4, 1e-3, 1e-2, 0.1])


def _ladder() -> object:
    from inference.eval.quality import Quality
    from inference.eval.results import CompareReport, ModelResult
    from inference.eval.speed import Speed

    def rung(i: int, quant: str, kl: float | None, bits: float, tps: float) -> ModelResult:
        return ModelResult(i, quant, name=f"m {quant}", quantization=quant,
                           size_bytes=int(bits * 1e7), bits_per_weight=bits,
                           peak_memory_gb=bits / 10,
                           quality=Quality(10.0, 2.3, 100, kl, 0.9 if kl else 1.0),
                           speed=Speed(2048, 400.0, tps))

    return CompareReport([rung(0, "Q2_K", 0.5, 3.0, 40.0), rung(1, "F16", None, 16.0, 9.0),
                          rung(2, "Q8_0", 0.01, 8.5, 20.0), rung(3, "Q4_K_M", 0.1, 4.9, 30.0)],
                         reference=1)


def test_colours_follow_quality_not_the_order_of_the_models() -> None:
    from app.gui.chart import QUALITY_COLOURS, REFERENCE_COLOUR, _colour, _ranks

    report = _ladder()
    ranks = _ranks(report, report.results)  # type: ignore[attr-defined]
    assert ranks == {2: 0, 3: 1, 0: 2, 1: -1}  # Q8_0 closest, then Q4_K_M, Q2_K; F16 the ref
    assert _colour(ranks[2]) == QUALITY_COLOURS[0] and _colour(-1) == REFERENCE_COLOUR


@pytest.mark.parametrize(("axis", "label", "reference"), [
    ("bits", "bits per weight", True),
    ("size", "file size (MB)", True),
    ("memory", "memory here (MB)", True),
    ("speed", "speed here (tokens/s)", True),
])
def test_kl_can_be_drawn_against_size_memory_or_speed_with_the_reference_on_it(
    axis: str, label: str, reference: bool,
) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from app.gui.chart import _app, paint_chart

    _app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    svg = QSvgGenerator()
    svg.setOutputDevice(buffer)
    svg.setSize(QSize(1200, 520))
    svg.setViewBox(QRectF(0, 0, 1200, 520))
    p = QPainter(svg)
    paint_chart(p, _ladder(), 1200, 520, x_axis=axis)
    p.end()
    text = bytes(data.data()).decode()
    assert label in text and "lower is closer" in text
    assert ("reference: F16" in text) == reference
    assert "tokens/s" in text  # the speed panel: decode speed timed here, no reply needed
