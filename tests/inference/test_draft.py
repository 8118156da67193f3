"""Speculative decoding: a draft model of the same tokenizer proposes tokens that the model
checks; greedy output is the model's own, with or without the draft."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from inference.errors import ModelError
from inference.model.load import attach_draft, load_model
from inference.session import ChatSession
from inference.types import SamplingSettings

GREEDY = SamplingSettings(temperature=0.0, max_tokens=24, loop_guard=False)


def greedy(loaded: object, text: str) -> tuple[str, object]:
    s = ChatSession(loaded, system_prompt="", settings=GREEDY)  # type: ignore[arg-type]
    chunks = list(s.send(text))
    return "".join(c.text for c in chunks), chunks[-1]


@pytest.mark.parametrize("draft_arch", ["qwen2", "llama"])
def test_greedy_output_is_the_same_with_a_draft(tiny_mlx_model: Callable[..., Path],
                                                 draft_arch: str) -> None:
    alone, end = greedy(load_model(tiny_mlx_model("qwen2")), "Tell me about the orchard.")
    drafted = attach_draft(load_model(tiny_mlx_model("qwen2")), tiny_mlx_model(draft_arch))
    text, last = greedy(drafted, "Tell me about the orchard.")
    assert text == alone and last.generation_tokens == end.generation_tokens  # type: ignore[attr-defined]
    if draft_arch == "qwen2":  # the model drafting for itself: nearly every token is kept
        assert last.draft_tokens >= last.generation_tokens // 2  # type: ignore[attr-defined]


def test_the_next_turn_still_reads_only_its_new_tokens(
        tiny_mlx_model: Callable[..., Path]) -> None:
    drafted = attach_draft(load_model(tiny_mlx_model("qwen2")), tiny_mlx_model("llama"))
    s = ChatSession(drafted, system_prompt="", settings=GREEDY)
    list(s.send("Tell me about the orchard."))
    end = list(s.send("And the apples?"))[-1]
    assert end.cached_tokens > end.prompt_tokens // 2


def test_a_draft_with_another_tokenizer_is_refused_in_one_sentence(
        tiny_mlx_model: Callable[..., Path], starter_gguf: Path) -> None:
    with pytest.raises(ModelError, match="cannot draft for .*: their tokenizers differ"):
        attach_draft(load_model(tiny_mlx_model("qwen2")), starter_gguf)


def test_a_grammar_or_a_penalty_is_followed_as_without_a_draft(
        tiny_mlx_model: Callable[..., Path]) -> None:
    """mlx-lm runs logits processors on the draft's guesses too, which would corrupt a
    grammar's state: such replies do without the draft."""
    from inference.prompt.grammar import any_json_object_grammar
    from inference.types import Steering

    def reply(loaded: object) -> tuple[str, int]:
        s = ChatSession(loaded, system_prompt="", settings=GREEDY)  # type: ignore[arg-type]
        s.steering = Steering(grammar=any_json_object_grammar(), presence_penalty=0.5)
        chunks = list(s.send("JSON please"))
        return "".join(c.text for c in chunks), chunks[-1].draft_tokens

    model = tiny_mlx_model("qwen2")
    alone, _ = reply(load_model(model))
    drafted, kept = reply(attach_draft(load_model(model), model))
    assert alone.startswith("{") and drafted == alone and kept == 0


def test_the_drafts_cache_stays_level_with_the_models_over_turns(
        tiny_mlx_model: Callable[..., Path]) -> None:
    model = tiny_mlx_model("qwen2")
    s = ChatSession(attach_draft(load_model(model), model), system_prompt="",
                    settings=GREEDY)
    for text in ("One.", "Two.", "Three.", "Four."):
        list(s.send(text))
        (entry,) = s.caches._entries
        offsets = {int(c.offset) for c in entry.cache}
        assert offsets == {len(entry.tokens)}  # model and draft layers hold the same tokens


def test_a_repetition_penalty_and_dry_keep_the_draft_and_the_same_reply(
        tiny_mlx_model: Callable[..., Path]) -> None:
    """They read only the tokens they are given, so the draft stays (the window's and the
    CLI's defaults use them) and the greedy reply is the same."""
    from dataclasses import replace

    settings = replace(GREEDY, repetition_penalty=1.3, dry_multiplier=0.8)
    model = tiny_mlx_model("qwen2")

    def reply(loaded: object) -> tuple[str, int]:
        s = ChatSession(loaded, system_prompt="", settings=settings)  # type: ignore[arg-type]
        chunks = list(s.send("Tell me about the orchard."))
        return "".join(c.text for c in chunks), chunks[-1].draft_tokens

    alone, _ = reply(load_model(model))
    drafted, kept = reply(attach_draft(load_model(model), model))
    assert drafted == alone and kept > 0
