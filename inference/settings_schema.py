"""Every user-facing generation setting, declared once: its default, bounds, unit and label.

The window's settings dialog, the compare window, the CLI's flags, the HTTP API's request
checks and its OpenAPI document, :class:`inference.types.SamplingSettings` and the model's own
recommended values (:mod:`inference.model.defaults`) all read :data:`SETTINGS`, so a default or
a bound changed here changes every door (napari's ``Field(default, ge, le, title)``,
qutebrowser's ``configdata.yml``). Where each default comes from, per door, is the README's
"Where each default comes from".

A default of :data:`MODEL_OWN` means "the loaded model's own recommendation" (its
generation_config.json or GGUF ``general.sampling.*`` keys, else by its size: see
:mod:`inference.model.defaults`); :attr:`Setting.fallback` is then the value used before any
model is known. No MLX, no Qt: plain data and checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final

from inference.errors import OrchardError

#: A default that is the loaded model's own recommended value.
MODEL_OWN: Final = "the model's own"
#: A default that is "up to the rest of the context".
REST_OF_CONTEXT: Final = "the rest of the context"


class SettingError(OrchardError):
    """A value a setting does not take; ``name`` is the setting's (an API's 400 names it)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class Setting:
    """One setting: what a person reads about it and what values it takes."""

    name: str  # SamplingSettings' field, and the API's JSON name
    label: str  # the dialog's label and the start of the CLI's help
    default: float | int | str | None  # a value, MODEL_OWN, REST_OF_CONTEXT or None (unset)
    lo: float
    hi: float
    unit: str = ""
    help: str = ""
    integer: bool = False
    #: the value used where the default is MODEL_OWN and no model is known yet
    fallback: float | int | None = None
    #: a value with its own meaning outside [lo, hi] ("0 (greedy)" for temperature)
    special: tuple[float, str] | None = None
    step: float = 0.01  # a spin box's step
    #: only the values listed are taken (the KV cache's bits)
    choices: tuple[int, ...] = ()

    @property
    def start(self) -> float | int | None:
        """The value to start from: the default, or its fallback when it is the model's own
        or the rest of the context."""
        return self.fallback if isinstance(self.default, str) else self.default

    def bounds(self) -> str:
        """The values it takes, in words: "from 0 to 2" (with its special value, if any)."""
        if self.choices:
            return "one of " + ", ".join(str(c) for c in self.choices)
        if self.special is not None and self.special[0] == self.lo:
            return f"from {_g(self.lo)} ({self.special[1]}) to {_g(self.hi)}"
        text = f"from {_g(self.lo)} to {_g(self.hi)}"
        if self.special is not None:
            return f"{_g(self.special[0])} ({self.special[1]}) or {text}"
        return text

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is one this setting takes (a finite number of the right kind,
        within the bounds, or the special value)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if self.integer and not isinstance(value, int):
            return False
        if not math.isfinite(value):
            return False
        if self.choices:
            return value in self.choices
        if self.special is not None and value == self.special[0]:
            return True
        return self.lo <= value <= self.hi

    def check(self, value: Any, name: str | None = None) -> Any:
        """``value``, or an :class:`OrchardError` that names the setting (as ``name``, e.g.
        ``options.top_k``, or its own name) and says the values it takes."""
        if not self.accepts(value):
            kind = "a whole number" if self.integer else "a number"
            raise SettingError(self.name, f"'{name or self.name}' must be {kind} "
                               f"{self.bounds()}, not {value!r}.")
        return value

    def json_schema(self) -> dict[str, Any]:
        """The OpenAPI/JSON Schema of the setting in a request body."""
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number",
                                  "minimum": _num(self.lo), "maximum": _num(self.hi),
                                  "description": self.describe()}
        if self.special is not None and self.special[0] < self.lo:
            schema["minimum"] = _num(self.special[0])
        if self.choices:
            schema["enum"] = list(self.choices)
        return schema

    def describe(self) -> str:
        """One line for the CLI's help and the OpenAPI document: label, unit, default."""
        unit = f" ({self.unit})" if self.unit and self.unit not in self.label.lower() else ""
        default = self.default if isinstance(self.default, str) else (
            "unset" if self.default is None else _g(self.default))
        extra = f"; {self.help}" if self.help else ""
        return f"{self.label}{unit}, {self.bounds()}; default: {default}{extra}"


def _g(value: float) -> str:
    """A bound as people write it: 0, 1, 0.001, 1048576 (never 1.04858e+06)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


MAX_SEED: Final = (1 << 63) - 1
MAX_TOP_K: Final = 1 << 20  # above any vocabulary; the sampler clamps to the model's own
MAX_TOKENS: Final = (1 << 31) - 1  # no model has this much context: "as many as fit"
#: Below this a temperature overflows the logits: send 0 (greedy) instead.
MIN_TEMPERATURE: Final = 0.001

SETTINGS: Final[dict[str, Setting]] = {s.name: s for s in (
    Setting("temperature", "Temperature", MODEL_OWN, MIN_TEMPERATURE, 2.0, fallback=0.7,
            special=(0.0, "greedy"), step=0.05,
            help="higher is more varied; 0 always takes the likeliest token"),
    Setting("top_p", "Top p", MODEL_OWN, 0.0, 1.0, fallback=0.95,
            help="sample only from the likeliest tokens that together reach this probability"),
    Setting("top_k", "Top k", MODEL_OWN, 0, MAX_TOP_K, "tokens", integer=True, fallback=0,
            special=(0, "off"), step=1,
            help="sample only from this many likeliest tokens"),
    Setting("min_p", "Min p", MODEL_OWN, 0.0, 1.0, fallback=0.05,
            help="drop tokens less likely than this fraction of the likeliest"),
    Setting("repetition_penalty", "Repeat penalty", MODEL_OWN, 0.01, 10.0, fallback=1.0,
            help="above 1 makes tokens already written less likely; 1 is off"),
    Setting("repeat_last_n", "Repeat window", MODEL_OWN, 1, 1 << 20, "tokens", integer=True,
            fallback=64, step=1, help="the tokens the repeat penalty looks back over"),
    Setting("dry_multiplier", "DRY penalty", MODEL_OWN, 0.0, 5.0, fallback=0.0,
            special=(0.0, "off"), step=0.05,
            help="makes continuing a phrase already written less likely"),
    Setting("seed", "Seed", None, 0, MAX_SEED, integer=True, step=1,
            help="the same seed and settings give the same reply; unset is random"),
    Setting("max_tokens", "Max tokens", 1024, 1, MAX_TOKENS, "tokens", integer=True, step=1,
            help="the reply ends after this many tokens (finish reason \"length\")"),
    Setting("context_length", "Context length", MODEL_OWN, 16, 1 << 20, "tokens",
            integer=True, step=1,
            help="set when the model loads; the model's own is capped by what fits in memory"),
    Setting("kv_bits", "KV cache precision", 16, 4, 16, "bits", integer=True, choices=(16, 8, 4),
            help="8 or 4 bits hold a longer context in the same memory; answers drift more"),
    Setting("presence_penalty", "Presence penalty", 0.0, -2.0, 2.0,
            help="OpenAI's: lowers every token already in the reply by this much"),
    Setting("frequency_penalty", "Frequency penalty", 0.0, -2.0, 2.0,
            help="OpenAI's: lowers a token by this much for each time it is in the reply"),
    Setting("quality_tokens", "Tokens scored per text", 1024, 16, 8192, "tokens", integer=True,
            step=1, help="Compare: the long document is read whole, up to the context"),
    Setting("tool_steps", "Tool calls per message", 8, 1, 50, "calls", integer=True, step=1,
            help="the most tool calls the model makes for one message; later ones are not run"),
    Setting("tool_timeout", "Tool call time limit", 60.0, 5.0, 3600.0, "seconds", step=5.0,
            help="a call with no answer by then is stopped, and its server with it"),
)}

#: The settings a request may carry (each API's door takes every one of them, or refuses it
#: with a 400 naming it); context length and KV-cache bits are set when the model loads.
PER_REQUEST: Final = ("temperature", "top_p", "top_k", "min_p", "repetition_penalty",
                      "repeat_last_n", "dry_multiplier", "seed", "max_tokens")
#: The settings a model may recommend (inference.model.defaults takes each of its own that
#: lies within the bounds above).
SAMPLER: Final = ("temperature", "top_p", "top_k", "min_p", "repetition_penalty",
                  "repeat_last_n", "dry_multiplier")
#: Other names clients send for a setting: llama.cpp's server and Ollama say repeat_penalty.
ALIASES: Final = {"repeat_penalty": "repetition_penalty"}

#: Compare's own starting values, and why they differ from a chat's: greedy replies (so the
#: columns compare token by token, with seed 0), short ones (a sample of each model's voice).
COMPARE: Final = {"temperature": 0.0, "seed": 0, "max_tokens": 128}


def setting(name: str) -> Setting:
    """The declared setting ``name`` (or an alias of one)."""
    return SETTINGS[ALIASES.get(name, name)]


def check(name: str, value: Any, param: str | None = None) -> Any:
    """``value`` if the setting ``name`` takes it, else an OrchardError naming ``param`` (or
    ``name``) with the declared bounds."""
    return setting(name).check(value, param)


def clamp(name: str, value: float) -> float:
    """``value`` brought within the setting's bounds (a slider's, a saved file's)."""
    s = setting(name)
    return min(max(value, s.lo), s.hi)


__all__ = ["ALIASES", "COMPARE", "MAX_SEED", "MAX_TOKENS", "MAX_TOP_K", "MIN_TEMPERATURE",
           "MODEL_OWN", "PER_REQUEST", "REST_OF_CONTEXT", "SAMPLER", "SETTINGS", "Setting",
           "SettingError", "check", "clamp", "setting"]
