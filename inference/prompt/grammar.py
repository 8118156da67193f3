"""Constrained decoding: a reply that must follow a grammar (a JSON Schema, a forced tool call).

llguidance (Microsoft's grammar engine, in Rust) compiles JSON Schema and Lark grammars and,
token by token, says which of the model's tokens may come next; :class:`GrammarProcessor` is
an mlx-lm logits processor that keeps the others from being sampled. Chosen over outlines-core
and xgrammar for taking JSON Schema directly with its documented coverage, for needing no
ahead-of-time index over the vocabulary (a mask costs about the same at any vocabulary size),
and for wheels on both of Orchard's platforms.

The mask is applied with ``mx.where`` rather than llguidance's own MLX helper, which is a Metal
kernel: this works on every MLX backend (Metal on a Mac, the CPU in CI).
"""

from __future__ import annotations

import json
import logging
from typing import Any, cast

import mlx.core as mx
import numpy as np

from inference.errors import OrchardError
from inference.prompt.tools import JSON_STYLE

log = logging.getLogger(__name__)


def json_schema_grammar(schema: dict[str, Any]) -> str:
    """The grammar for JSON that follows ``schema``; one sentence if the schema is not one
    llguidance can enforce."""
    from llguidance import LLMatcher

    try:
        grammar = LLMatcher.grammar_from_json_schema(
            json.dumps(schema), defaults=cast(Any, JSON_STYLE))
    except (ValueError, TypeError, RuntimeError) as exc:
        raise OrchardError(f"The JSON schema cannot be enforced: {exc}") from exc
    return check_grammar(grammar)


def check_grammar(grammar: str) -> str:
    from llguidance import LLMatcher

    error, messages = LLMatcher.validate_grammar_with_warnings(grammar)
    if error:
        raise OrchardError(f"The output format cannot be enforced: {messages[0]}")
    return grammar


def any_json_object_grammar() -> str:
    """response_format {"type": "json_object"}: one JSON object, any keys."""
    return json_schema_grammar({"type": "object"})


def grammar_tokenizer(hf_tokenizer: Any, n_vocab: int, eos_ids: list[int]) -> Any:
    """llguidance's view of a model's vocabulary (about a second to build: keep it)."""
    import llguidance.hf

    return llguidance.hf.from_tokenizer(hf_tokenizer, n_vocab=n_vocab, eos_token=eos_ids)


class GrammarProcessor:
    """An mlx-lm logits processor: only tokens the grammar allows can be sampled.

    mlx-lm calls it first with the prompt's tokens and then once per step with the tokens so
    far, the newest being the one just sampled; that one is fed to the grammar before the
    next mask is computed. Once the grammar is complete only the end-of-sequence tokens are
    allowed, so the reply ends there."""

    def __init__(self, tokenizer: Any, grammar: str) -> None:
        from llguidance import LLMatcher

        self.matcher = LLMatcher(tokenizer, grammar, log_level=0)
        if self.matcher.is_error():
            raise OrchardError(f"The output format cannot be enforced: "
                               f"{self.matcher.get_error()}")
        self._started = False

    def __call__(self, tokens: mx.array, logits: mx.array) -> mx.array:
        if self._started:
            self.matcher.consume_token(cast(int, tokens[-1].item()))
        self._started = True
        if self.matcher.is_error():  # cannot happen while the mask holds; end the reply
            log.warning("grammar: %s", self.matcher.get_error())
        bits = np.frombuffer(self.matcher.compute_bitmask(), dtype=np.uint8)
        allowed = np.unpackbits(bits, bitorder="little")
        vocab = logits.shape[-1]
        if allowed.size < vocab:
            allowed = np.concatenate([allowed, np.zeros(vocab - allowed.size, np.uint8)])
        mask = mx.array(allowed[:vocab].astype(np.bool_))
        return mx.where(mask, logits, mx.array(-mx.inf, dtype=logits.dtype))

    @property
    def complete(self) -> bool:
        return bool(self.matcher.is_accepting())


__all__ = ["GrammarProcessor", "any_json_object_grammar", "check_grammar", "grammar_tokenizer",
           "json_schema_grammar"]
