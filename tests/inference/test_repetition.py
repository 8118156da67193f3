"""Replies that end: the loop guard and the DRY penalty."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mlx.core as mx
import numpy as np

from inference.model.load import load_model
from inference.repetition import LOOP_MIN_TOKENS, Dry, DryPenalty, LoopGuard
from inference.session import ChatSession
from inference.types import Message, SamplingSettings, Steering


def _first_loop(tokens: list[int]) -> int | None:
    guard = LoopGuard()
    for i, t in enumerate(tokens):
        if guard.feed(t):
            return i
    return None


def test_the_guard_sees_a_phrase_repeating() -> None:
    phrase = [11, 12, 13, 14, 15]  # "la femme au martyre,"
    at = _first_loop([1, 2, 3] + phrase * 30)
    assert at is not None and at < 3 + LOOP_MIN_TOKENS + len(phrase)
    one = _first_loop([7] * 100)
    assert one == LOOP_MIN_TOKENS - 1  # one token over and over: ended at the threshold


def test_the_guard_leaves_text_that_only_resembles_a_loop_alone() -> None:
    counting = [i % 1000 for i in range(500)]  # "1, 2, 3, …": no span recurs
    assert _first_loop(counting) is None
    table_rule = [40, 41] * 10 + list(range(100, 300))  # a "|---|---|" row, then prose
    assert _first_loop(table_rule) is None
    twice = list(range(50, 90)) * 2 + list(range(200, 260))  # a sentence said twice
    assert _first_loop(twice) is None


def test_the_guard_sees_lines_that_keep_opening_alike() -> None:
    """The starter's answer to "I feel a bit stressed": line after line of "I'm not a
    replacement, …" with different ends. Code lines and a list's items open alike too, and
    are left alone."""
    def lines(text: str) -> bool:
        guard = LoopGuard()
        return any(guard.feed(i, piece) for i, piece in enumerate(text.splitlines(True)))

    loop = "".join(f"I'm not a replacement, {w} is a gift.\n\n"
                   for w in "love life hope time joy care art".split())
    assert lines("Here is some advice.\n\n" + loop)
    code = "```python\n" + "".join(f"parser.add_argument('--{c}', type=int)\n"
                                    for c in "abcdefgh") + "```\n"
    assert not lines(code)
    steps = "".join(f"{i}. Take a deep breath and count to {i}.\n" for i in range(1, 9))
    assert not lines(steps)


def test_dry_lowers_only_the_token_that_would_continue_a_repeat() -> None:
    dry = DryPenalty(Dry())
    # "a b c d … a b c": "d" would make the repeat four long; it is lowered by 0.8 * 1.75
    lowered = dry.penalties(np.array([1, 2, 3, 4, 9, 1, 2, 3]))
    assert list(lowered) == [4]
    assert abs(lowered[4] - 0.8 * 1.75) < 1e-9
    assert dry.penalties(np.array([1, 2, 3, 4, 9, 8, 3])) == {}  # a repeat of one: allowed
    longer = dry.penalties(np.array([1, 2, 3, 4, 5, 6, 9, 1, 2, 3, 4, 5]))
    assert longer[6] > lowered[4]  # the longer the repeat, the stronger the penalty


def test_a_line_break_ends_what_dry_counts_as_a_repeat() -> None:
    """Two lines that begin alike share only what follows the line break."""
    nl = 0
    text = np.array([5, nl, 6, 7, 8, 9, 5, nl, 6, 7])
    plain = DryPenalty(Dry()).penalties(text)
    broken = DryPenalty(Dry(), {nl}).penalties(text)
    assert abs(plain[8] - 0.8 * 1.75 ** 2) < 1e-9  # "5 \n 6 7" again: four long
    assert abs(broken[8] - 0.8) < 1e-9  # only "6 7" counts
    assert DryPenalty(Dry(), {nl}).penalties(text[:8]) == {}  # just after a break: nothing


def test_dry_never_breaks_a_character_in_two() -> None:
    """Byte tokens (pieces of a Japanese character): DRY waits for the character to end and
    never lowers the byte that would complete one."""
    lead, tail = 200, 201  # one character as two byte tokens
    text = np.array([lead, tail, 7, lead, tail, 7, lead])
    assert DryPenalty(Dry()).penalties(text)  # without knowing: the tail byte is lowered
    assert DryPenalty(Dry(), partial={lead, tail}).penalties(text) == {}
    whole = DryPenalty(Dry(), partial={lead, tail}).penalties(text[:-1])
    assert lead not in whole


def test_the_starters_vocabulary_has_byte_tokens_and_line_breaks() -> None:
    from inference.model.load import load_model as load
    from inference.repetition import vocabulary_kinds

    loaded = load("starter")
    newlines, partial = vocabulary_kinds(loaded.tokenizer, loaded.vocab_size)
    ids = loaded.tokenizer.encode("日本")
    assert newlines
    assert any(i in partial for i in ids)


def test_dry_as_a_logits_processor_changes_only_the_named_logits() -> None:
    logits = mx.zeros((1, 16))
    out = DryPenalty(Dry())(mx.array([1, 2, 3, 4, 9, 1, 2, 3]), logits)
    assert out[0, 4].item() < 0
    assert mx.sum(out != 0).item() == 1


def test_a_tiny_model_forced_to_loop_is_ended_by_the_guard(
    tiny_gguf: Callable[..., Path],
) -> None:
    """A logit bias makes the model say one token forever: the guard ends the reply with
    "loop" long before the length limit; without the guard it runs to the limit."""
    loaded = load_model(tiny_gguf("llama", "F32"))
    forced = Steering(logit_bias={5: 100.0})
    finals = {}
    for guard in (True, False):
        s = ChatSession(loaded, settings=SamplingSettings(temperature=0.0, max_tokens=200,
                                                          loop_guard=guard))
        s.messages.append(Message("user", "hello"))
        *_, final = s.generate(s.prompt_to_send(), steering=forced)
        finals[guard] = final
    assert finals[True].finish_reason == "loop"
    assert finals[True].generation_tokens == LOOP_MIN_TOKENS
    assert (finals[False].finish_reason, finals[False].generation_tokens) == ("length", 200)


def test_dry_in_a_reply_keeps_the_same_seed_reproducible(
    tiny_gguf: Callable[..., Path],
) -> None:
    loaded = load_model(tiny_gguf("llama", "F32"))
    replies = []
    for _ in range(2):
        s = ChatSession(loaded, settings=SamplingSettings(temperature=1.0, seed=3,
                                                          max_tokens=24, dry_multiplier=0.8))
        replies.append("".join(c.text for c in s.send("hello")))
    assert replies[0] == replies[1]
