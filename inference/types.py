"""The plain data every layer names: messages, sampling settings, streamed pieces of a reply.

No MLX here (nor anything heavy): the store, the CLI's parser, the HTTP server and the window
can name a message or a setting without loading a model runtime.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

# the bounds are declared in inference.settings_schema, with every other setting's; they are
# named here too for the modules that import them from here
from inference.settings_schema import MAX_SEED as MAX_SEED
from inference.settings_schema import MAX_TOP_K as MAX_TOP_K
from inference.settings_schema import MIN_TEMPERATURE as MIN_TEMPERATURE
from inference.settings_schema import SETTINGS, SettingError


def _start(name: str) -> Any:
    """A field's default: the declared one (its fallback where it is the model's own), read
    when the object is made, so the declaration is the only place it is written."""
    return field(default_factory=lambda: SETTINGS[name].start)


@dataclass
class SamplingSettings:
    """What one reply is sampled with. Its defaults are the declared ones
    (inference.settings_schema), with the usual values standing in for the model's own:
    front ends fill in the loaded model's (inference.model.defaults.settle)."""

    temperature: float = _start("temperature")
    top_p: float = _start("top_p")
    top_k: int = _start("top_k")
    min_p: float = _start("min_p")
    repetition_penalty: float = _start("repetition_penalty")
    repeat_last_n: int = _start("repeat_last_n")  # the tokens the repetition penalty sees
    dry_multiplier: float = _start("dry_multiplier")  # DRY (inference.repetition); 0 is off
    seed: int | None = _start("seed")
    max_tokens: int = _start("max_tokens")
    stop: list[str] = field(default_factory=list)
    #: end a reply that has started looping (finish reason "loop")
    loop_guard: bool = True

    #: each field's name in this object's one-sentence errors (the CLI's, the window's)
    WORDS: ClassVar[dict[str, str]] = {
        "temperature": "The temperature", "top_p": "top-p", "min_p": "min-p", "top_k": "top-k",
        "repetition_penalty": "The repetition penalty", "repeat_last_n": "The repetition window",
        "dry_multiplier": "The DRY multiplier", "seed": "The seed", "max_tokens": "max tokens"}

    def check(self) -> SamplingSettings:
        """Raise one sentence for a value the sampler cannot honour (NaN, out of the declared
        bounds); every front end calls this before a reply, so none of them can hand the
        sampler garbage. Returns self. The error's ``name`` is the setting at fault."""
        for name, words in self.WORDS.items():
            value = getattr(self, name)
            if name == "seed" and value is None:
                continue
            declared = SETTINGS[name]
            if not declared.accepts(value):
                raise SettingError(name, f"{words} must be {declared.bounds()}, not "
                                   f"{value!r}.")
        return self


@dataclass(frozen=True)
class TokenLogprob:
    """One generated token's log-probability, and the most likely tokens at its place."""

    token: str
    logprob: float
    token_bytes: bytes
    top: tuple[tuple[str, float, bytes], ...] = ()  # (token, logprob, its UTF-8 bytes)


@dataclass
class Steering:
    """What an API request adds to sampling: a grammar the reply must follow, logit bias,
    presence and frequency penalties, and whether to report log-probabilities."""

    grammar: str | None = None  # an llguidance grammar (inference.prompt.grammar)
    logit_bias: dict[int, float] = field(default_factory=dict)
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    logprobs: int | None = None  # None: none; else how many alternatives per token (0-20)


@dataclass(frozen=True)
class GenerationChunk:
    """One streamed piece of a reply; the last one has ``finish_reason`` and final figures."""

    text: str
    prompt_tokens: int = 0  # tokens in the whole rendered prompt
    cached_tokens: int = 0  # of those, reused from the KV cache
    generation_tokens: int = 0
    #: "stop", "length", "stopped" or "loop" (the reply began repeating itself: ended early)
    finish_reason: str | None = None
    dropped_turns: int = 0  # earlier turns no longer in the model's context
    ttft_s: float = 0.0
    prompt_tps: float = 0.0
    generation_tps: float = 0.0
    peak_memory_gb: float = 0.0
    #: the tokens of this piece, when the request asked for log-probabilities
    logprobs: tuple[TokenLogprob, ...] = ()
    #: the stop string that ended the reply (finish_reason "stop"), if one did
    stop_string: str | None = None
    #: of the generated tokens, how many a draft model proposed and the model kept
    #: (speculative decoding; 0 without a draft)
    draft_tokens: int = 0

    def figures(self, digits: int | None = None) -> dict[str, Any]:
        """A finished reply's figures, the one dict every front end reports and the store
        keeps (``orchard chat --json``, the self-test, a saved reply's stats): timings
        rounded to ``digits`` when given."""
        def r(value: float) -> float:
            return round(value, digits) if digits is not None else value

        return {
            "finish_reason": self.finish_reason, "prompt_tokens": self.prompt_tokens,
            "cached_tokens": self.cached_tokens, "generation_tokens": self.generation_tokens,
            "ttft_s": r(self.ttft_s), "prompt_tps": r(self.prompt_tps),
            "generation_tps": r(self.generation_tps), "peak_memory_gb": r(self.peak_memory_gb),
            "draft_tokens": self.draft_tokens,
        }


@dataclass
class Message:
    role: str  # "system", "user", "assistant" or "tool"
    content: str
    #: For assistant replies: the ids the model generated, reused verbatim in later prompts.
    token_ids: list[int] | None = None
    #: An assistant's calls of the client's tools, as chat templates take them:
    #: [{"id", "type": "function", "function": {"name", "arguments": {...}}}]
    tool_calls: list[dict[str, Any]] | None = None
    #: A tool message: which call it answers (and the tool's name, which some templates show)
    tool_call_id: str | None = None
    name: str | None = None
    #: A user message's images (PNG or JPEG bytes, in order), for a vision model
    images: tuple[bytes, ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role, "content": self.content}
        if self.tool_calls:
            out["tool_calls"] = self.tool_calls
        if self.tool_call_id is not None:
            out["tool_call_id"] = self.tool_call_id
        if self.name is not None:
            out["name"] = self.name
        return out
