"""Sampling a model is best first met with: its own recommendation, else one by its size.

A model folder's ``generation_config.json`` (Hugging Face's place for the authors' sampling
defaults) wins. Without one (GGUF files carry none), small models get a cooler temperature:
at 0.7 a 135M model wanders off in its first sentence ("the 23rd Kingdom of France"), while
0.2 with top-p 0.9 (SmolLM2's card) answers plainly; larger models keep the usual 0.7.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inference.model.naming import NOMINAL_BPW

log = logging.getLogger(__name__)

#: (parameters below, temperature, top-p), smallest first; above the last row: the usual.
BY_SIZE = ((1.0e9, 0.2, 0.9), (4.0e9, 0.5, 0.9))
USUAL = (0.7, 0.95)


@dataclass(frozen=True)
class Recommended:
    temperature: float
    top_p: float
    source: str  # "generation_config.json" or "size"


def parameters(info: Any) -> float:
    """About how many parameters: the weights' bytes over the quantization's bits each."""
    bits = NOMINAL_BPW.get(str(getattr(info, "quantization", "")).upper(), 16.0)
    return float(getattr(info, "weights_bytes", 0) or getattr(info, "size_bytes", 0)) * 8 / bits


def _own(folder: Path) -> tuple[float | None, float | None]:
    try:
        data = json.loads((folder / "generation_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    if not isinstance(data, dict) or data.get("do_sample") is False:
        return None, None

    def number(key: str, lo: float, hi: float) -> float | None:
        value = data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and lo <= value <= hi:
            return float(value)
        return None

    return number("temperature", 0.0, 2.0), number("top_p", 0.0, 1.0)


def fill(temperature: float | None, top_p: float | None, info: Any = None
         ) -> tuple[float, float]:
    """The user's temperature and top-p, with what they left out (None) taken from the
    model ``info`` (or the usual values when no model is known yet)."""
    if temperature is not None and top_p is not None:
        return temperature, top_p
    own = recommended(info) if info is not None else Recommended(*USUAL, "usual")
    return (temperature if temperature is not None else own.temperature,
            top_p if top_p is not None else own.top_p)


def recommended(info: Any) -> Recommended:
    """The temperature and top-p to use when the user has not chosen them."""
    path = Path(getattr(info, "path", "") or "")
    if getattr(info, "format", "") == "mlx" and path.is_dir():
        temperature, top_p = _own(path)
        if temperature is not None:
            return Recommended(temperature, top_p if top_p is not None else USUAL[1],
                               "generation_config.json")
    n = parameters(info)
    for below, temperature, top_p in BY_SIZE:
        if n < below:
            return Recommended(temperature, top_p, "size")
    return Recommended(*USUAL, "size")
