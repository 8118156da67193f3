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
