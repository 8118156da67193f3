"""Constrained decoding: a reply that must follow a grammar (a JSON Schema, a forced tool call).

llguidance (Microsoft's grammar engine, in Rust) compiles JSON Schema and Lark grammars and,
token by token, says which of the model's tokens may come next; :class:`GrammarProcessor` is
an mlx-lm logits processor that keeps the others from being sampled. Chosen over outlines-core
and xgrammar for taking JSON Schema directly with its documented coverage, for needing no
ahead-of-time index over the vocabulary (a mask costs about the same at any vocabulary size),
and for wheels on both of Orchard's platforms.

The mask is applied with ``mx.where`` rather than llguidance's own MLX helper, which is a Metal
kernel: this works on every MLX backend (Metal on a Mac, the CPU in CI).

A structured reply is never cut short and called a success:

- **Limits, up front.** llguidance finds many of its limits only when it reads the first
  bytes (a ``$ref`` loop admits no value; a property both recursive and required never ends;
  5,000 ``anyOf`` branches pass its 2,000 per row; a ``pattern`` of a billion repeats has too
  many expressions). :func:`check_grammar` therefore walks each grammar to one complete
  document over a vocabulary of single bytes (:func:`closing_tokens`, the same walk as below)
  and refuses the grammar with one sentence naming the limit: a 400 before the reply starts.
- **Limits, during the reply.** If the grammar still breaks on the way, the processor raises
  :class:`GrammarError` and the reply ends as a failed job (an error answer, or each wire
  format's error event mid-stream), never as a normal finish. So does a grammar that makes
  the model write the text of its own end of turn (a required key ``"<|im_end|>"``): the
  stop filter would cut the reply there.
- **max_tokens.** The processor knows the reply's token budget. Near its end it works out the
  shortest way it can find to finish the document (close the string, the arrays and objects,
  and write what the grammar forces, such as required keys, choosing the smallest value where
  one is missing) and, once only that and a few tokens spare are left, writes exactly that,
  then the end token. A strict-schema reply is then valid JSON whenever it ends "stop"; when
  no closing fits (a budget smaller than the document's skeleton, or a pattern the closing
  cannot satisfy) the reply runs into max_tokens and ends "length", as OpenAI's does.
  A client's own stop strings still cut a reply where the client asked.

llguidance's error messages carry its parser state and the grammar itself unless built with
``verbose_errors=False``: every matcher here is, and only the first line is logged or shown.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any, cast

import mlx.core as mx
import numpy as np

from inference.errors import OrchardError
from inference.prompt.tools import JSON_STYLE

log = logging.getLogger(__name__)

#: Tokens of budget kept spare when a reply is made to close its document: a model token can
#: lengthen the closing (a new array item, an escape), so it is started a little early.
CLOSING_MARGIN = 3
#: How near the end of the budget (in tokens, beyond the closing's own length) the closing
#: is worked out at every step.
CLOSING_LOOKAHEAD = 24
#: The longest closing looked for, in tokens; also how far the up-front walk goes.
MAX_CLOSING = 512
#: What the closing tries, in order, when the grammar forces nothing: end what is open, then
#: the smallest values.
_CLOSERS = (b'"', b"}", b"]", b"0", b'""', b"null", b"false", b"[]", b"{}", b"a")


class GrammarError(OrchardError):
    """The grammar engine hit one of its limits, or the grammar cannot end the reply."""


def _limits() -> Any:
    from llguidance import LLParserLimits

    return LLParserLimits(verbose_errors=False)


def _matcher(tokenizer: Any, grammar: str) -> Any:
    from llguidance import LLMatcher

    return LLMatcher(tokenizer, grammar, log_level=0, limits=_limits())


def _reason(error: str) -> str:
    """llguidance's error as one short clause (its first line: no parser state, no grammar)."""
    first = error.strip().splitlines()[0] if error.strip() else "unknown error"
    if first.startswith("NoExtension"):
        return "it admits no value at all (a $ref that only refers to itself?)"
    if "ff_tokens" in first:
        return f"it never ends (a property both recursive and required?): {first}"
    return first[:300]


def json_schema_grammar(schema: dict[str, Any]) -> str:
    """The grammar for JSON that follows ``schema``; one sentence if the schema is not one
    llguidance can enforce."""
    from llguidance import LLMatcher

    try:
        grammar = LLMatcher.grammar_from_json_schema(
            json.dumps(schema), defaults=cast(Any, JSON_STYLE))
    except (ValueError, TypeError, RuntimeError) as exc:
        raise OrchardError(f"The JSON schema cannot be enforced: {_reason(str(exc))}") from exc
    return check_grammar(grammar)


def check_grammar(grammar: str) -> str:
    """``grammar`` if llguidance can enforce it to the end: it compiles, and a walk to one
    complete document (over single bytes, so without the model) meets none of its limits."""
    from llguidance import LLMatcher

    error, messages = LLMatcher.validate_grammar_with_warnings(grammar, limits=_limits())
    if error:
        raise OrchardError(f"The output format cannot be enforced: {_reason(messages[0])}.")
    _, broken = _walk(_matcher(_byte_tokenizer(), grammar), _utf8, MAX_CLOSING)
    if broken:
        reason = _reason(broken)
        log.info("grammar refused: %s", reason)
        raise OrchardError(f"The output format cannot be enforced: {reason}; simplify it.")
    return grammar


def any_json_object_grammar() -> str:
    """response_format {"type": "json_object"}: one JSON object, any keys."""
    return json_schema_grammar({"type": "object"})


def grammar_tokenizer(hf_tokenizer: Any, n_vocab: int, eos_ids: list[int]) -> Any:
    """llguidance's view of a model's vocabulary (about a second to build: keep it)."""
    import llguidance.hf

    return llguidance.hf.from_tokenizer(hf_tokenizer, n_vocab=n_vocab, eos_token=eos_ids)


class _Bytes:
    """A vocabulary of the 256 bytes and an end token, for walking a grammar without a
    model (llguidance's TokenizerWrapper protocol)."""

    eos_token_id = 256
    bos_token_id = None
    tokens = [bytes([i]) for i in range(256)] + [b"<eos>"]
    special_token_ids = [256]

    def __call__(self, text: str | bytes) -> list[int]:
        return list(text.encode("utf-8") if isinstance(text, str) else text)


def _utf8(data: bytes) -> list[int]:
    """``data`` in the tokens of :func:`_byte_tokenizer`."""
    return list(data)


@functools.cache
def _byte_tokenizer() -> Any:
    from llguidance import LLTokenizer, TokenizerWrapper

    return LLTokenizer(TokenizerWrapper(_Bytes()), slices=[])


def closing_tokens(matcher: Any, encode: Callable[[bytes], list[int]],
                   limit: int = MAX_CLOSING) -> list[int] | None:
    """The tokens that finish the document from ``matcher``'s state (not its end token),
    found greedily on a copy: what the grammar forces (a required key, the rest of a
    literal), else the first of :data:`_CLOSERS` it allows. None when the walk finds no end
    within ``limit`` tokens or the grammar breaks on the way.

    ``encode`` turns bytes into tokens as plain text. (llguidance's own forced tokens may
    hold a special token whose text the grammar forces, such as the end token for a key
    "<|im_end|>": the forced bytes are encoded instead.)"""
    return _walk(matcher, encode, limit)[0]


def _walk(matcher: Any, encode: Callable[[bytes], list[int]], limit: int
          ) -> tuple[list[int] | None, str]:
    """:func:`closing_tokens`, and the grammar's error met on the way ("" if none)."""
    if matcher.is_error():
        return None, matcher.get_error()
    m = matcher.deep_copy()
    out: list[int] = []
    while len(out) <= limit:
        if m.is_accepting():
            return out, ""
        forced_bytes = m.compute_ff_bytes()
        forced = encode(bytes(forced_bytes)) if forced_bytes and not m.is_error() else []
        if forced and m.validate_tokens(forced) == len(forced):
            m.consume_tokens(forced)
            out += forced
        else:
            for text in _CLOSERS:
                tokens = encode(text)
                if tokens and m.validate_tokens(tokens) == len(tokens):
                    m.consume_tokens(tokens)
                    out += tokens
                    break
            else:
                m.compute_bitmask()  # nothing fits: an empty language says so here
                return None, m.get_error()
        if m.is_error():
            return None, m.get_error()
    return None, ""


class GrammarProcessor:
    """An mlx-lm logits processor: only tokens the grammar allows can be sampled.

    mlx-lm calls it first with the prompt's tokens and then once per step with the tokens so
    far, the newest being the one just sampled; that one is fed to the grammar before the
    next mask is computed. Once the grammar is complete only the end-of-sequence tokens are
    allowed, so the reply ends there.

    ``max_tokens``: the reply's budget; near its end the document is closed (module
    docstring). ``stops``: the template's stop strings, which the grammar must not make the
    model write. Raises :class:`GrammarError` when the grammar breaks."""

    def __init__(self, tokenizer: Any, grammar: str, *, max_tokens: int | None = None,
                 stops: Sequence[str] = ()) -> None:
        self.tokenizer = tokenizer
        self.matcher = _matcher(tokenizer, grammar)
        self._fail_if_broken("cannot be enforced")
        self.max_tokens = max_tokens
        self._stops = [s.encode("utf-8") for s in stops if s]
        self._tail = b""
        self._eos = set(tokenizer.eos_tokens)
        self._calls = 0  # the index of the token this call's mask is for
        self._needed: int | None = None  # the closing's length (and end) when last found
        self._closing: list[int] | None = None  # committed: the tokens left to write
        if self._stops:  # a stop string the grammar itself forces: refused before the reply
            plan = closing_tokens(self.matcher, self._encode)
            if plan is not None:
                self._check_stops(bytes(tokenizer.decode_bytes(plan)))
                self._tail = b""

    def _encode(self, data: bytes) -> list[int]:
        """``data`` as plain text: the model's tokenizer reads "<|im_end|>" as its special
        token, so such text is spelled out in ordinary tokens instead."""
        tokens = cast(list[int], self.tokenizer.tokenize_bytes(data))
        if not any(self.tokenizer.is_special_token(t) for t in tokens):
            return tokens
        try:
            return cast(list[int], self.tokenizer.greedy_tokenize(data.decode("utf-8")))
        except UnicodeDecodeError:
            return []

    def _fail_if_broken(self, what: str) -> None:
        if self.matcher.is_error():
            reason = _reason(self.matcher.get_error())
            log.warning("grammar: %s", reason)
            raise GrammarError(f"The output format {what}: {reason}; simplify it.")

    def _check_stops(self, new: bytes) -> None:
        self._tail = (self._tail + new)[-4 * max(map(len, self._stops), default=1):]
        for stop in self._stops:
            if stop in self._tail:
                text = stop.decode("utf-8", errors="replace")
                log.warning("grammar: the format makes the model write its stop text %r", text)
                raise GrammarError(
                    f"The output format makes the model write {text!r}, the text that ends "
                    f"its turn, so the reply cannot follow it; leave that text out of the "
                    f"schema.")

    def __call__(self, tokens: mx.array, logits: mx.array) -> mx.array:
        k, self._calls = self._calls, self._calls + 1
        if k:
            token = cast(int, tokens[-1].item())
            if token in self._eos and self.matcher.is_accepting():
                return logits  # the reply has ended; mlx-lm looks one step ahead and drops it
            self.matcher.consume_token(token)
            self._fail_if_broken("could not be enforced to the end")
            if self._stops:
                self._check_stops(bytes(self.tokenizer.decode_bytes([token])))
        left = None if self.max_tokens is None else self.max_tokens - k
        if left is not None and left <= 0:
            return logits  # past the budget: mlx-lm's look-ahead, never sampled
        only = self._force(left)
        if only is not None:
            allowed = np.zeros(logits.shape[-1], np.bool_)
            allowed[[t for t in only if t < allowed.size]] = True
            return mx.where(mx.array(allowed), logits, mx.array(-mx.inf, dtype=logits.dtype))
        bits = np.frombuffer(self.matcher.compute_bitmask(), dtype=np.uint8)
        self._fail_if_broken("could not be enforced to the end")
        unpacked = np.unpackbits(bits, bitorder="little")
        if not self.matcher.is_accepting():
            # llguidance lets a special token through where the grammar forces its text (a
            # required key "<|im_end|>"): an end token must never end an unfinished document
            unpacked[[t for t in self._eos if t < unpacked.size]] = 0
            if not unpacked.any():
                raise GrammarError("The output format could not be enforced to the end: no "
                                   "text this model can write continues it; simplify it.")
        vocab = logits.shape[-1]
        if unpacked.size < vocab:
            unpacked = np.concatenate([unpacked, np.zeros(vocab - unpacked.size, np.uint8)])
        mask = mx.array(unpacked[:vocab].astype(np.bool_))
        return mx.where(mask, logits, mx.array(-mx.inf, dtype=logits.dtype))

    def _force(self, left: int | None) -> list[int] | None:
        """The only tokens allowed now, when the budget's end makes the reply close its
        document (``left``: tokens that may still be sampled, this one included)."""
        if left is None:
            return None
        if self._closing is None and (
                self._needed is None or left <= self._needed + CLOSING_MARGIN + CLOSING_LOOKAHEAD):
            plan = closing_tokens(self.matcher, self._encode, limit=left)
            if plan is None:
                self._needed = 0  # none found: tried again near the end; else "length"
                return None
            self._needed = len(plan) + 1  # and the end token
            if self._needed + CLOSING_MARGIN >= left:
                self._closing = plan  # from here the document is closed, token by token
        if self._closing is None:
            return None
        if self._closing:
            return [self._closing.pop(0)]
        return sorted(self._eos)

    @property
    def complete(self) -> bool:
        return bool(self.matcher.is_accepting())


__all__ = ["GrammarError", "GrammarProcessor", "any_json_object_grammar", "check_grammar",
           "closing_tokens", "grammar_tokenizer", "json_schema_grammar"]
