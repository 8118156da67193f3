"""The plain data every layer names: messages, sampling settings, streamed pieces of a reply.

No MLX here (nor anything heavy): the store, the CLI's parser, the HTTP server and the window
can name a message or a setting without loading a model runtime.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from inference.errors import OrchardError

MIN_TEMPERATURE, MAX_TEMPERATURE = 0.001, 10.0  # below 0.001 the logits overflow: use 0
MAX_TOP_K = 1 << 20  # above any vocabulary; the sampler clamps to the model's own
MAX_SEED = (1 << 63) - 1


@dataclass
class SamplingSettings:
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 0
    min_p: float = 0.05
    repetition_penalty: float = 1.0
    repeat_last_n: int = 64  # the tokens the repetition penalty looks back over
    dry_multiplier: float = 0.0  # DRY's strength (inference.repetition); 0 is off
    seed: int | None = None
    max_tokens: int = 512
    stop: list[str] = field(default_factory=list)
    #: end a reply that has started looping (finish reason "loop")
    loop_guard: bool = True

    def check(self) -> SamplingSettings:
        """Raise one sentence for a value the sampler cannot honour (NaN, out of range);
        every front end calls this before a reply, so none of them can hand the sampler
        garbage. Returns self."""
        def bad(name: str, value: Any, allowed: str) -> OrchardError:
            return OrchardError(f"{name} must be {allowed}, not {value!r}.")

        t = self.temperature
        if not (isinstance(t, int | float) and math.isfinite(t)
                and (t == 0 or MIN_TEMPERATURE <= t <= MAX_TEMPERATURE)):
            raise bad("The temperature", t, f"0 (greedy) or from {MIN_TEMPERATURE:g} to "
                      f"{MAX_TEMPERATURE:g}")
        for name, value in (("top-p", self.top_p), ("min-p", self.min_p)):
            if not (isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= 1):
                raise bad(name, value, "from 0 to 1")
        if not (isinstance(self.top_k, int) and 0 <= self.top_k <= MAX_TOP_K):
            raise bad("top-k", self.top_k, f"from 0 (off) to {MAX_TOP_K}")
        r = self.repetition_penalty
        if not (isinstance(r, int | float) and math.isfinite(r) and 0 < r <= 10):
            raise bad("The repetition penalty", r, "above 0 and at most 10 (1 is off)")
        if not (isinstance(self.repeat_last_n, int) and 1 <= self.repeat_last_n <= 1 << 20):
            raise bad("The repetition window", self.repeat_last_n, "at least 1 token")
        d = self.dry_multiplier
        if not (isinstance(d, int | float) and math.isfinite(d) and 0 <= d <= 10):
            raise bad("The DRY multiplier", d, "from 0 (off) to 10")
        if self.seed is not None and not (isinstance(self.seed, int)
                                          and 0 <= self.seed <= MAX_SEED):
            raise bad("The seed", self.seed, f"from 0 to {MAX_SEED}")
        if not (isinstance(self.max_tokens, int) and self.max_tokens >= 1):
            raise bad("max tokens", self.max_tokens, "at least 1")
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
