"""llama.cpp's KL-divergence statistics, checked against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from inference.eval.stats import (
    Estimate,
    covariance_of_means,
    kl_stats,
    mean_and_error,
    median,
    percentile,
    share,
)


def test_mean_and_standard_error_as_llama_cpp() -> None:
    # 1..12: mean 6.5; E[x²] = 650/12; variance 650/12 - 6.5² = 11.9167; /11 -> 1.08333
    got = mean_and_error(range(1, 13))
    assert got.value == pytest.approx(6.5)
    assert got.error == pytest.approx(math.sqrt(1.0833333), rel=1e-6)
    assert mean_and_error([1, 2, 3]) == Estimate(2.0, 0.0)  # ten or fewer: no error given
    assert mean_and_error([5.0] * 20) == Estimate(5.0, 0.0)  # no spread


def test_percentiles_and_median() -> None:
    values = [5, 1, 4, 2, 3]
    assert percentile(values, 0.9) == pytest.approx(4.6)  # at 3.6: 0.4*4 + 0.6*5
    assert percentile(values, 0.99) == pytest.approx(4.96)
    assert percentile(values, 0.0) == 1 and percentile(values, 1.0) == 5
    assert median([3, 1, 2, 4]) == 2.5 and median([5, 1, 3]) == 3


def test_share_and_covariance() -> None:
    assert share([1, 1, 1, 0]) == Estimate(0.75, 0.25)  # sqrt(.75 * .25 / 3)
    a = list(range(1, 11))
    # b = 2a: E[ab] = 2 * 38.5 = 77, E[a]E[b] = 5.5 * 11 = 60.5; 16.5 / 9
    assert covariance_of_means(a, [2 * x for x in a]) == pytest.approx(16.5 / 9)
    assert covariance_of_means([1, 2], [2, 4]) == 0.0  # under ten tokens


def test_a_model_against_itself_loses_nothing() -> None:
    nll = [0.5 + 0.1 * k for k in range(12)]
    s = kl_stats(nll, nll, [0.0] * 12, [True] * 12, [True] * 12)
    assert s.tokens == 12
    assert s.ppl == s.ppl_base
    assert s.ln_ppl_ratio.value == 0 and s.ln_ppl_ratio.error == pytest.approx(0, abs=1e-9)
    assert s.ppl_ratio.value == 1 and s.ppl_correlation == pytest.approx(1.0)
    assert s.kld == Estimate(0.0, 0.0) and s.kld_max == 0 and s.kld_median == 0
    assert s.dp == Estimate(0.0, 0.0) and s.dp_rms == Estimate(0.0, 0.0)
    assert s.same_top1 == Estimate(1.0, 0.0) and s.same_top5 == Estimate(1.0, 0.0)


def test_a_model_twice_as_sure_of_every_token() -> None:
    # model: p(correct) = 1/2 everywhere; reference: 1/4 -> PPL 2 against 4, Δp = +0.25
    nll, base = [math.log(2)] * 12, [math.log(4)] * 12
    kld = [k / 100 for k in range(12)]
    top1 = [True] * 9 + [False] * 3
    s = kl_stats(nll, base, kld, top1, [True] * 12)
    assert s.ppl.value == pytest.approx(2.0) and s.ppl.error == pytest.approx(0, abs=1e-6)
    assert s.ppl_base.value == pytest.approx(4.0)
    assert s.ppl_ratio.value == pytest.approx(0.5) and s.ppl_diff.value == pytest.approx(-2.0)
    assert s.ln_ppl_ratio.value == pytest.approx(-math.log(2))
    # KL 0.00..0.11: mean 0.055; variance 42.1667e-4 - 30.25e-4 = 11.9167e-4; /11
    assert s.kld.value == pytest.approx(0.055)
    assert s.kld.error == pytest.approx(math.sqrt(1.0833333e-4), rel=1e-6)
    assert s.kld_median == pytest.approx(0.055)  # (0.05 + 0.06) / 2
    assert s.kld_p90 == pytest.approx(0.099)  # at 9.9: 0.1*0.09 + 0.9*0.10
    assert s.kld_p99 == pytest.approx(0.1089)  # at 10.89: 0.11*0.10 + 0.89*0.11
    assert s.kld_max == pytest.approx(0.11)
    assert s.dp.value == pytest.approx(0.25) and s.dp.error == pytest.approx(0, abs=1e-6)
    assert s.dp_rms.value == pytest.approx(0.25)
    assert s.same_top1.value == 0.75
    assert s.same_top1.error == pytest.approx(math.sqrt(0.75 * 0.25 / 11))
    assert s.same_top5 == Estimate(1.0, 0.0)
    assert s.as_dict()["kld"] == {"value": s.kld.value, "error": s.kld.error}


def test_uncertainties_follow_the_spread() -> None:
    # nll 1..12 (spread), reference flat at 1: the ratio's error is the model's own
    nll = [float(k) for k in range(1, 13)]
    s = kl_stats(nll, [1.0] * 12, [0.1] * 12, [True] * 12, [True] * 12)
    se = math.sqrt(1.0833333)
    assert s.ppl.value == pytest.approx(math.exp(6.5))
    assert s.ppl.error == pytest.approx(math.exp(6.5) * se, rel=1e-6)
    assert s.ln_ppl_ratio.error == pytest.approx(se, rel=1e-6)
    assert s.ppl_correlation == 0.0  # a flat reference: no error to correlate with
