"""Sampling a model is best first met with: its own recommendation, else one by its size.

A model folder's ``generation_config.json`` (Hugging Face's place for the authors' sampling
defaults) or a GGUF file's ``general.sampling.*`` keys win. Without them, small models get a
cooler temperature: at 0.7 a 135M model wanders off in its first sentence ("the 23rd Kingdom
of France"), while 0.2 with top-p 0.9 (SmolLM2's card) answers plainly; larger models keep the
usual 0.7. Every model starts with min-p 0.05; small ones with the DRY penalty too.

The usual values, and the bounds a model's own value must lie within to be taken, are the
declared ones (:mod:`inference.settings_schema`). The context a model loads with is worked out
here too, once (:func:`context_length`), for the load's memory check, the engine and its
sessions.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inference.model.naming import NOMINAL_BPW
from inference.settings_schema import SAMPLER, SETTINGS

log = logging.getLogger(__name__)

#: (parameters below, temperature, top-p, DRY multiplier), smallest first; above the last row:
#: the usual. Small models also get DRY (inference/repetition.py): at 0.2 a 135M model still
#: falls into "la France, la France, …" loops that DRY at its author's 0.8 breaks without
#: the plain repetition penalty's cost to every "the" and comma.
BY_SIZE = ((1.0e9, 0.2, 0.9, 0.8), (4.0e9, 0.5, 0.9, 0.8))
#: (temperature, top-p) above the last row of BY_SIZE: the declared fallbacks
USUAL = (float(SETTINGS["temperature"].fallback or 0), float(SETTINGS["top_p"].fallback or 0))
MIN_P = float(SETTINGS["min_p"].fallback or 0)  # llama.cpp's default, the window's start

#: generation_config.json's names and GGUF's general.sampling.* keys (llama.cpp's
#: gguf-py Keys.General.SAMPLING_*) for the settings we take from a model
_GENERATION_CONFIG = {"temperature": "temperature", "top_p": "top_p", "top_k": "top_k",
                      "min_p": "min_p", "repetition_penalty": "repetition_penalty"}
_GGUF = {"temperature": "general.sampling.temp", "top_p": "general.sampling.top_p",
         "top_k": "general.sampling.top_k", "min_p": "general.sampling.min_p",
         "repetition_penalty": "general.sampling.penalty_repeat",
         "repeat_last_n": "general.sampling.penalty_last_n"}


@dataclass(frozen=True)
class Recommended:
    """What a model's sampler starts from when the user has not chosen otherwise."""

    temperature: float
    top_p: float
    source: str  # "generation_config.json", "GGUF metadata", "size" or "usual"
    top_k: int = SETTINGS["top_k"].fallback  # type: ignore[assignment]
    min_p: float = SETTINGS["min_p"].fallback  # type: ignore[assignment]
    repetition_penalty: float = SETTINGS["repetition_penalty"].fallback  # type: ignore[assignment]
    repeat_last_n: int = SETTINGS["repeat_last_n"].fallback  # type: ignore[assignment]
    dry_multiplier: float = SETTINGS["dry_multiplier"].fallback  # type: ignore[assignment]


def _fallback(name: str) -> float:
    """The declared value a setting starts from where the model names none (read now)."""
    return float(SETTINGS[name].fallback or 0)


def _usual() -> Recommended:
    """Before any model is known: the declared fallbacks, read now (so a declaration changed
    at run time, as tests do, is the one used)."""
    return Recommended(source="usual", **{
        name: SETTINGS[name].fallback for name in SAMPLER})  # type: ignore[arg-type]


def parameters(info: Any) -> float:
    """About how many parameters: the weights' bytes over the quantization's bits each."""
    bits = NOMINAL_BPW.get(str(getattr(info, "quantization", "")).upper(), 16.0)
    return float(getattr(info, "weights_bytes", 0) or getattr(info, "size_bytes", 0)) * 8 / bits


def _valid(values: dict[str, Any], names: dict[str, str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for ours, theirs in names.items():
        value = values.get(theirs)
        if isinstance(value, float) and SETTINGS[ours].integer and value.is_integer():
            value = int(value)  # a GGUF's top_k may be written as 40.0
        if value is not None and SETTINGS[ours].accepts(value):  # else not taken
            out[ours] = float(value)
    return out


def _own(info: Any) -> tuple[dict[str, float], str]:
    """The sampling the model's authors publish with it, and where it was found."""
    path = Path(getattr(info, "path", "") or "")
    if getattr(info, "format", "") == "mlx" and path.is_dir():
        try:
            data = json.loads((path / "generation_config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, ""
        if not isinstance(data, dict) or data.get("do_sample") is False:
            return {}, ""
        return _valid(data, _GENERATION_CONFIG), "generation_config.json"
    metadata = getattr(info, "sampling", None)
    if isinstance(metadata, dict) and metadata:
        return _valid(metadata, _GGUF), "GGUF metadata"
    return {}, ""


def fill(temperature: float | None, top_p: float | None, info: Any = None
         ) -> tuple[float, float]:
    """The user's temperature and top-p, with what they left out (None) taken from the
    model ``info`` (or the usual values when no model is known yet)."""
    own = recommended(info) if info is not None else _usual()
    return (temperature if temperature is not None else own.temperature,
            top_p if top_p is not None else own.top_p)


def settle(info: Any = None, **chosen: Any) -> dict[str, Any]:
    """SamplingSettings' sampler fields: the user's ``chosen`` values, with each one left
    as None taken from the model ``info`` (its own, else by its size)."""
    own = recommended(info) if info is not None else _usual()
    out = {n: chosen[n] if chosen.get(n) is not None else getattr(own, n) for n in SAMPLER}
    out["top_k"] = int(out["top_k"])
    out["repeat_last_n"] = int(out["repeat_last_n"])
    return out


def recommended(info: Any) -> Recommended:
    """The sampler's starting point for a model: what its authors publish (a folder's
    generation_config.json, a GGUF's general.sampling.* keys), each setting they leave out
    by the model's size. A model that names its own repetition penalty gets no DRY on top."""
    own, source = _own(info)
    n = parameters(info)
    temperature, top_p, dry = (*USUAL, 0.0)
    for below, t, p, d in BY_SIZE:
        if n < below:
            temperature, top_p, dry = t, p, d
            break
    if "temperature" not in own:
        source = "size"
    if "repetition_penalty" in own:
        dry = 0.0
    return Recommended(
        temperature=own.get("temperature", temperature),
        # a temperature of the authors' with no top-p: theirs at the usual top-p
        top_p=own.get("top_p", top_p if source == "size" else USUAL[1]),
        source=source,
        top_k=int(own.get("top_k", _fallback("top_k"))),
        min_p=own.get("min_p", _fallback("min_p")),
        repetition_penalty=own.get("repetition_penalty", _fallback("repetition_penalty")),
        repeat_last_n=int(own.get("repeat_last_n", _fallback("repeat_last_n"))),
        dry_multiplier=dry,
    )


def context_length(info: Any, chosen: int | None = None, kv_bits: int | None = None) -> int:
    """The context a model loads with, in tokens: the one ``chosen`` (a setting, ``--ctx``),
    else the model's own capped by what fits in memory beside its weights with a KV cache of
    ``kv_bits`` (None: 16-bit). The one place it is worked out: the load's memory check, the
    engine and every session of the load read it."""
    if chosen:
        return int(chosen)
    if kv_bits is None:
        return int(info.default_context())
    return int(info.default_context(kv_bits))
