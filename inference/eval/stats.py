"""The statistics ``llama-perplexity --kl-divergence`` prints, from per-token figures.

For every scored token the scorer hands over: the model's and the reference's negative
log-likelihood of the correct token, the KL divergence KL(P_ref || P_model) of the two next-token
distributions, whether both put the same token first, and whether the reference's first choice
is among the model's five likeliest. From those, as llama.cpp computes them:

- perplexity of each, ``exp(mean nll)``, with the uncertainty ``ppl * SE(nll)``; the ratio
  ``PPL(Q)/PPL(base)`` through the mean of the log-ratio, whose uncertainty counts the
  covariance of the two (the same tokens are hard for both models); their correlation;
- KL divergence: mean with its standard error, median, 90th/99th/99.9th percentiles, maximum;
- Δp, the change in the probability of the correct token (model minus reference): mean with
  its standard error, and RMS with its uncertainty;
- same top p: the share of tokens where both models' likeliest token is the same, with the
  binomial standard error; and top-5 agreement (the reference's first choice within the
  model's five likeliest), Orchard's addition.

A standard error needs more than ten tokens (llama.cpp reports 0 below that), percentiles
interpolate linearly between sorted values, and the median of an even count is the mean of the
middle two: as llama.cpp does, so the figures can be set side by side.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True)
class Estimate:
    value: float
    error: float  # one standard error


def mean_and_error(values: ArrayLike) -> Estimate:
    """The mean and its standard error, ``sqrt((E[x²] - E[x]²) / (n - 1))``, as llama.cpp
    computes it (0 for ten tokens or fewer, or no spread)."""
    x = np.asarray(values, dtype=np.float64)
    n = x.size
    if n < 1:
        return Estimate(0.0, 0.0)
    mean = float(x.mean())
    spread = float(np.mean(x * x)) - mean * mean
    error = math.sqrt(spread / (n - 1)) if spread > 0 and n > 10 else 0.0
    return Estimate(mean, error)


def covariance_of_means(a: ArrayLike, b: ArrayLike) -> float:
    """The covariance of the two means, ``(E[ab] - E[a]E[b]) / (n - 1)`` (0 under ten)."""
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    n = x.size
    if n < 10:
        return 0.0
    return (float(np.mean(x * y)) - float(x.mean()) * float(y.mean())) / (n - 1)


def percentile(values: ArrayLike, fraction: float) -> float:
    """Linear interpolation between the sorted values at ``fraction * (n - 1)``."""
    x = np.sort(np.asarray(values, dtype=np.float64))
    if fraction <= 0:
        return float(x[0])
    if fraction >= 1:
        return float(x[-1])
    position = fraction * (x.size - 1)
    low = int(position)
    weight = position - low
    return float((1 - weight) * x[low] + weight * x[min(low + 1, x.size - 1)])


def median(values: ArrayLike) -> float:
    x = np.sort(np.asarray(values, dtype=np.float64))
    half = x.size // 2
    return float(x[half] if x.size % 2 else 0.5 * (x[half] + x[half - 1]))


def share(hits: ArrayLike) -> Estimate:
    """A proportion with its binomial standard error ``sqrt(p (1 - p) / (n - 1))``."""
    x = np.asarray(hits, dtype=np.float64)
    n = x.size
    p = float(x.mean()) if n else 0.0
    return Estimate(p, math.sqrt(p * (1 - p) / (n - 1)) if n > 1 else 0.0)


@dataclass(frozen=True)
class KLStats:
    """A quantized model against its reference over the same tokens."""

    tokens: int
    ppl: Estimate
    ppl_base: Estimate
    ppl_correlation: float  # of the two log-perplexities, over the tokens
    ln_ppl_ratio: Estimate
    ppl_ratio: Estimate
    ppl_diff: Estimate
    kld: Estimate
    kld_median: float
    kld_p90: float
    kld_p99: float
    kld_p999: float
    kld_max: float
    dp: Estimate  # mean change in the correct token's probability (model - reference)
    dp_rms: Estimate
    same_top1: Estimate
    same_top5: Estimate

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def kl_stats(nll: ArrayLike, nll_base: ArrayLike, kld: ArrayLike, same_top1: ArrayLike,
             same_top5: ArrayLike) -> KLStats:
    """The statistics for per-token arrays of equal length (see the module's docstring)."""
    nll_q = np.asarray(nll, dtype=np.float64)
    nll_b = np.asarray(nll_base, dtype=np.float64)
    log_ppl = mean_and_error(nll_q)
    log_base = mean_and_error(nll_b)
    ppl = Estimate(math.exp(log_ppl.value), math.exp(log_ppl.value) * log_ppl.error)
    base = Estimate(math.exp(log_base.value), math.exp(log_base.value) * log_base.error)
    cov = covariance_of_means(nll_q, nll_b)
    errors = log_ppl.error * log_base.error
    correlation = cov / errors if errors > 0 else 0.0
    ratio_error = math.sqrt(max(log_ppl.error ** 2 + log_base.error ** 2 - 2 * cov, 0.0))
    ln_ratio = Estimate(log_ppl.value - log_base.value, ratio_error)
    ratio = Estimate(math.exp(ln_ratio.value), math.exp(ln_ratio.value) * ratio_error)
    diff_error = math.sqrt(max(ppl.error ** 2 + base.error ** 2
                               - 2 * ppl.value * base.value * cov, 0.0))
    diff = Estimate(ppl.value - base.value, diff_error)
    kl = np.asarray(kld, dtype=np.float64)
    p_diff = np.exp(-nll_q) - np.exp(-nll_b)
    mse = mean_and_error(p_diff * p_diff)
    rms = math.sqrt(mse.value)
    return KLStats(
        tokens=int(kl.size), ppl=ppl, ppl_base=base, ppl_correlation=correlation,
        ln_ppl_ratio=ln_ratio, ppl_ratio=ratio, ppl_diff=diff,
        kld=mean_and_error(kl), kld_median=median(kl), kld_p90=percentile(kl, 0.9),
        kld_p99=percentile(kl, 0.99), kld_p999=percentile(kl, 0.999),
        kld_max=float(kl.max()),
        dp=mean_and_error(p_diff),
        dp_rms=Estimate(rms, 0.5 / rms * mse.error if rms > 0 else 0.0),
        same_top1=share(same_top1), same_top5=share(same_top5),
    )


__all__ = ["Estimate", "KLStats", "covariance_of_means", "kl_stats", "mean_and_error",
           "median", "percentile", "share"]
