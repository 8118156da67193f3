"""The grammar engine's limits and the token budget: a structured reply is refused up front,
fails, or closes its document; it never ends cut short as if it were complete.

Driven over a vocabulary of single bytes (the one :func:`check_grammar` walks with), so each
test feeds exactly the text it means."""

from __future__ import annotations

import json
import logging
from typing import Any

import jsonschema
import mlx.core as mx
import numpy as np
import pytest

from inference.errors import OrchardError
from inference.prompt.grammar import (
    GrammarError,
    GrammarProcessor,
    _byte_tokenizer,
    json_schema_grammar,
)

EOS = 256
VOCAB = 257

LIMITS = {
    "itself": ({"$ref": "#"}, "no value"),
    "ref loop": ({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                  "$ref": "#/$defs/a"}, "no value"),
    "recursive and required": ({"type": "object", "properties": {"x": {"$ref": "#"}},
                                "required": ["x"]}, "never ends"),
    "5000 branches": ({"anyOf": [{"type": "object", "properties": {f"k{i}": {"type": "string"}},
                                  "required": [f"k{i}"]} for i in range(5000)]}, "max is 2000"),
    "huge pattern": ({"type": "string", "pattern": "^a{1000000000}$"}, "too many expressions"),
}
#: Valid as a string; an object holds 5,000 alternatives (llguidance allows 2,000 per row).
BREAKS_INSIDE_AN_OBJECT = {"anyOf": [{"type": "string"}, {
    "type": "object", "required": ["x"], "properties": {"x": {"anyOf": [
        {"type": "object", "properties": {f"k{i}": {"type": "string"}}, "required": [f"k{i}"]}
        for i in range(5000)]}}}]}
NAME = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"],
        "additionalProperties": False}


@pytest.mark.parametrize("schema,limit", LIMITS.values(), ids=list(LIMITS))
def test_a_schema_past_a_limit_is_refused_up_front_naming_it(schema: dict[str, Any],
                                                              limit: str) -> None:
    with pytest.raises(OrchardError) as caught:
        json_schema_grammar(schema)
    message = str(caught.value)
    assert limit in message
    assert "\n" not in message and len(message) < 400  # no parser state, no grammar


@pytest.mark.parametrize("schema", [NAME, {"type": "object"}, {"type": "string",
                                                               "pattern": "^[A-Z]{3}$"},
                                    {"type": "object", "properties": {"x": {"$ref": "#"}}}])
def test_ordinary_schemas_pass(schema: dict[str, Any]) -> None:
    assert json_schema_grammar(schema)


def _step(processor: GrammarProcessor, sampled: list[int], rng: np.random.Generator) -> int:
    """One sampling step over random logits: the token the mask leaves likeliest."""
    logits = mx.array(rng.normal(size=(1, VOCAB)).astype(np.float32))
    masked = processor(mx.array(sampled or [0]), logits)
    return int(mx.argmax(masked, axis=-1).item())


def _reply(processor: GrammarProcessor, budget: int, seed: int) -> tuple[bytes, bool]:
    """Sample up to ``budget`` tokens as mlx-lm does; the text and whether it ended itself."""
    rng = np.random.default_rng(seed)
    out: list[int] = []
    for _ in range(budget):
        token = _step(processor, out, rng)
        out.append(token)
        if token == EOS:
            return bytes(out[:-1]), True
    return bytes(out), False


@pytest.mark.parametrize("seed", range(6))
def test_a_reply_near_max_tokens_closes_its_document(seed: int) -> None:
    # random bytes never end a string by themselves: only the closing can
    budget = 24
    processor = GrammarProcessor(_byte_tokenizer(), json_schema_grammar(NAME), max_tokens=budget)
    text, ended = _reply(processor, budget, seed)
    assert ended, text
    jsonschema.validate(json.loads(text.decode("utf-8")), NAME)


def test_a_budget_too_small_for_the_skeleton_is_cut_not_forced() -> None:
    # '{"name": ""}' is 12 bytes: 8 tokens cannot hold it, so nothing is forced
    processor = GrammarProcessor(_byte_tokenizer(), json_schema_grammar(NAME), max_tokens=8)
    text, ended = _reply(processor, 8, 0)
    assert not ended and text == b'{"name":'


def test_a_grammar_that_breaks_mid_reply_raises_with_one_short_line(
        caplog: pytest.LogCaptureFixture) -> None:
    # the up-front walk takes the string branch; the object's passes llguidance's row limit
    grammar = json_schema_grammar(BREAKS_INSIDE_AN_OBJECT)
    processor = GrammarProcessor(_byte_tokenizer(), grammar, max_tokens=50)
    logits = mx.zeros((1, VOCAB))
    sampled = [0]
    processor(mx.array(sampled), logits)
    with caplog.at_level(logging.INFO), pytest.raises(GrammarError, match="max is 2000"):
        for byte in b'{"x": {':
            sampled.append(byte)
            processor(mx.array(sampled), logits)
    assert all("\n" not in r.getMessage() and len(r.getMessage()) < 400 for r in caplog.records)


def test_a_schema_forcing_the_stop_text_is_refused_before_the_reply() -> None:
    schema = {"type": "object", "properties": {"<|im_end|>": {"type": "string"}},
              "required": ["<|im_end|>"]}
    with pytest.raises(GrammarError, match="ends its turn"):
        GrammarProcessor(_byte_tokenizer(), json_schema_grammar(schema), stops=["<|im_end|>"])


def test_writing_the_stop_text_mid_reply_fails_the_reply() -> None:
    grammar = json_schema_grammar({"enum": ["a", "<|im_end|>"]})
    processor = GrammarProcessor(_byte_tokenizer(), grammar, stops=["<|im_end|>"])
    logits = mx.zeros((1, VOCAB))
    sampled = [0]
    processor(mx.array(sampled), logits)
    with pytest.raises(GrammarError, match="ends its turn"):
        for byte in b'"<|im_end|>':
            sampled.append(byte)
            processor(mx.array(sampled), logits)
