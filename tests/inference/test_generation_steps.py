"""ChatSession.generate's staircase: tokens (_tokens) -> text with stop strings (_pieces) ->
chunks with figures (_chunks), each step on its own, and the whole agreeing with mlx-lm."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import mlx.core as mx
import pytest
from mlx_lm.generate import stream_generate
from mlx_lm.sample_utils import make_sampler

from inference.model.load import load_model
from inference.session import ChatSession, _Token
from inference.types import Message, SamplingSettings

#: greedy and nothing else: no penalties, no loop guard
PLAIN = SamplingSettings(temperature=0.0, top_p=1.0, top_k=0, min_p=0.0, repetition_penalty=1.0,
                         dry_multiplier=0.0, max_tokens=8, loop_guard=False)


class _AlwaysSet(threading.Event):
    def __init__(self) -> None:
        super().__init__()
        super().set()


@pytest.fixture
def session(tiny_gguf: Callable[..., Path]) -> ChatSession:
    return ChatSession(load_model(tiny_gguf("llama", "F32")), settings=PLAIN)


def test_the_staircase_gives_what_mlx_lms_stream_generate_gives(session: ChatSession) -> None:
    prompt = session.build_prompt([Message("user", "hello there")])
    assert len(prompt.ids) < session._prefill_step()  # one prefill chunk for both
    wrapper = session.loaded.tokenizer.mlx_tokenizer()
    ref = list(stream_generate(
        session.loaded.model, wrapper, mx.array(prompt.ids), max_tokens=PLAIN.max_tokens,
        sampler=make_sampler(0.0), prompt_cache=session.caches.make(),
        prefill_step_size=session._prefill_step()))
    chunks = list(session.generate(prompt, stops=[]))
    final = chunks[-1]
    assert "".join(c.text for c in chunks) == "".join(r.text for r in ref)
    assert final.finish_reason == ref[-1].finish_reason
    assert final.generation_tokens == ref[-1].generation_tokens
    ids = [r.token for r in ref]
    assert len(ids) > 1 and final.text + chunks[0].text  # not a reply that ended at once
    assert session.last_reply_ids == (ids[:-1] if ids[-1] in wrapper.eos_token_ids else ids)


def test_a_reply_leaves_no_state_of_its_own_on_the_session(session: ChatSession) -> None:
    """The stop flag, the progress callback and the reply's counters are the call's; the
    session keeps only what outlives the reply (its ids, the caches)."""
    before = set(vars(session))
    heard: list[int] = []
    list(session.send("hello", progress=lambda done, total: heard.append(done)))
    assert heard
    assert set(vars(session)) == before
    assert session.last_reply_ids is not None


def test_the_stop_flag_given_to_generate_ends_the_reply_on_the_token_in_hand(
    tiny_gguf: Callable[..., Path],
) -> None:
    loaded = load_model(tiny_gguf("phi3", "F32"))
    s = ChatSession(loaded, settings=SamplingSettings(temperature=1.0, seed=1, max_tokens=200,
                                                      loop_guard=False))
    stop = threading.Event()
    chunks = []
    for chunk in s.generate(s.build_prompt([Message("user", "tell me a long story")]),
                            cancel=stop):
        chunks.append(chunk)
        stop.set()  # after the first piece, as a Stop button pressed meanwhile
    first, final = chunks[0], chunks[-1]
    assert len(chunks) == 2 and s.cancel is stop
    assert final.finish_reason == "stopped"
    assert final.generation_tokens == first.generation_tokens + 1  # the token sampled counts


def test_tokens_end_on_the_budget_or_an_end_token(session: ChatSession) -> None:
    ids = session.build_prompt([Message("user", "hello")]).ids
    generated: list[int] = []
    tokens = list(session._tokens(ids, session.caches.make(), PLAIN, None, max_tokens=3,
                                  embeds=None, cancel=threading.Event(), progress=None,
                                  generated=generated))
    assert [t.id for t in tokens] == generated and 1 <= len(tokens) <= 3
    assert tokens[-1].finish in ("stop", "length")
    assert all(t.finish is None for t in tokens[:-1])
    assert all(t.logprobs.shape[-1] >= session.loaded.vocab_size for t in tokens)


def test_tokens_stopped_while_the_prompt_is_read_are_none(session: ChatSession) -> None:
    ids = session.build_prompt([Message("user", "a long message " * 20)]).ids
    heard: list[int] = []
    generated: list[int] = []
    tokens = list(session._tokens(ids, session.caches.make(), PLAIN, None, max_tokens=3,
                                  embeds=None, cancel=_AlwaysSet(),
                                  progress=lambda done, total: heard.append(done),
                                  generated=generated))
    assert tokens == [] and generated == [] and heard == []


def test_pieces_hold_back_a_stop_string_and_cut_before_it(session: ChatSession) -> None:
    tok = session.loaded.tokenizer
    ids = tok.encode("Hello there###END and more", add_bos=False)
    tokens = iter([_Token(t, mx.zeros((1,)), False) for t in ids])
    pieces = list(session._pieces(tokens, [], ["###END"], guard=None, continuing=False))
    assert "".join(p.text for p in pieces) == "Hello there"
    assert pieces[-1].finish == "stop" and pieces[-1].stop_string == "###END"
    assert all(p.finish is None and p.stop_string is None for p in pieces[:-1])
    assert [p.token.id for p in pieces] == ids[: len(pieces)]


def test_an_end_token_is_not_text(session: ChatSession) -> None:
    tok = session.loaded.tokenizer
    eos = min(tok.mlx_tokenizer().eos_token_ids)
    ids = tok.encode("Hi", add_bos=False)
    tokens = iter([*(_Token(t, mx.zeros((1,)), False) for t in ids),
                   _Token(eos, mx.zeros((1,)), False, "stop")])
    pieces = list(session._pieces(tokens, [], [], guard=None, continuing=False))
    assert "".join(p.text for p in pieces) == "Hi"
    assert pieces[-1].finish == "stop" and pieces[-1].stop_string is None


def test_leaving_early_still_gives_the_cache_back(session: ChatSession) -> None:
    prompt = session.build_prompt([Message("user", "hello there")])
    stream = session.generate(prompt, stops=[], settings=PLAIN)
    next(stream)
    stream.close()
    assert session.last_reply_ids
    again = list(session.generate(prompt, stops=[], settings=PLAIN))[-1]
    assert again.cached_tokens >= len(prompt.ids) - 1
