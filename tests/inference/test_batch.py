"""Continuous batching: API requests that arrive together decode together, each as if alone.

Requests are made to arrive together by holding the engine thread (an Event-gated call)
while they are queued; they are shown to decode together by the order of their events (each
one's first piece comes before any one's last). Never by sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from inference.engine import ChatRequest, Engine, GenerationRequest, Job, JobFailed, ReplyResult
from inference.errors import OrchardError
from inference.model.load import load_model
from inference.prompt.grammar import json_schema_grammar
from inference.session import ChatSession
from inference.types import GenerationChunk, Message, SamplingSettings, Steering
from tests.inference.test_engine import WAIT, Collect, greedy, hold


def _engine(path: Path, batch_size: int) -> Engine:
    return Engine(lambda: load_model(path), max_waiting=8, batch_size=batch_size).start()


@pytest.fixture()
def model(tiny_gguf: Callable[..., Path]) -> Path:
    return tiny_gguf("llama")


@pytest.fixture()
def batched(model: Path) -> Iterator[Engine]:
    eng = _engine(model, 8)
    yield eng
    eng.close()


class Log:
    """Every event of several requests, in the order the engine delivered them."""

    def __init__(self) -> None:
        self.order: list[tuple[int, Any]] = []
        self.sinks: list[Collect] = []

    def sink(self, on_chunk: Callable[[Any], None] | None = None) -> Collect:
        i = len(self.sinks)

        def record(event: Any) -> None:
            self.order.append((i, event))
            if on_chunk is not None:
                on_chunk(event)

        collect = Collect(on_chunk=record)
        self.sinks.append(collect)
        return collect

    def together(self) -> bool:
        """Each request's first piece came before any request's last one."""
        firsts = {i: n for n, (i, e) in reversed(list(enumerate(self.order)))
                  if isinstance(e, GenerationChunk)}
        lasts = [n for n, (_, e) in enumerate(self.order)
                 if isinstance(e, GenerationChunk) and e.finish_reason is not None]
        return len(firsts) == len(self.sinks) and max(firsts.values()) < min(lasts)


def _requests() -> list[GenerationRequest]:
    """Four requests with settings of their own."""
    schema = {"type": "object", "properties": {"name": {"type": "string"}},
              "required": ["name"]}
    return [
        GenerationRequest(messages=[Message("user", "Tell me about apples")],
                          settings=greedy(12)),
        GenerationRequest(messages=[Message("user", "Pears, in one word, and why?")],
                          settings=SamplingSettings(temperature=0.0, min_p=0.0, max_tokens=20,
                                                    repetition_penalty=1.3),
                          steering=Steering(logprobs=3, logit_bias={5: 4.0})),
        GenerationRequest(prompt="Once upon a time there was a model that",
                          settings=greedy(9)),
        GenerationRequest(messages=[Message("user", "A name as JSON")], settings=greedy(16),
                          steering=Steering(grammar=json_schema_grammar(schema),
                                            presence_penalty=0.5)),
    ]


def _alone(model: Path, requests: list[GenerationRequest]) -> list[Collect]:
    """Each request on an engine that serves one at a time (the path before batching)."""
    serial = _engine(model, 1)
    try:
        sinks = []
        for request in requests:
            sink = Collect()
            serial.submit(request, sink)
            assert sink.ended.wait(WAIT)
            sinks.append(sink)
        return sinks
    finally:
        serial.close()


def _same(a: Collect, b: Collect) -> None:
    x, y = a.last, b.last
    assert isinstance(x, GenerationChunk) and isinstance(y, GenerationChunk), (x, y)
    assert a.text == b.text
    assert (x.finish_reason, x.generation_tokens, x.prompt_tokens) == (
        y.finish_reason, y.generation_tokens, y.prompt_tokens)


def test_requests_that_arrive_together_decode_together_as_if_alone(
        model: Path, batched: Engine) -> None:
    requests = _requests()
    log = Log()
    gate, _ = hold(batched)
    for request in requests:
        batched.submit(request, log.sink())
    gate.set()
    for sink in log.sinks:
        assert sink.ended.wait(WAIT)
    assert log.together(), [(i, type(e).__name__) for i, e in log.order]
    for mine, alone in zip(log.sinks, _alone(model, requests), strict=True):
        _same(mine, alone)
    # each kept its own: log-probabilities for the one that asked, JSON for the grammar
    probs = [e for e in log.sinks[1].events if isinstance(e, GenerationChunk) and e.logprobs]
    assert probs and all(len(p.top) == 3 for e in probs for p in e.logprobs)
    assert not any(isinstance(e, GenerationChunk) and e.logprobs for e in log.sinks[0].events)
    assert log.sinks[3].text.startswith("{")


def test_a_client_that_leaves_mid_batch_leaves_the_others_as_they_were(
        model: Path, batched: Engine) -> None:
    requests = [GenerationRequest(messages=[Message("user", f"Story {i}")], settings=greedy(24))
                for i in range(3)]
    jobs: list[Job] = []
    seen: list[int] = []

    def leave_after_two(event: Any) -> None:
        if isinstance(event, GenerationChunk) and event.finish_reason is None:
            seen.append(event.generation_tokens)
            if len(seen) == 2:
                jobs[1].cancel()  # on the engine thread, between two steps

    log = Log()
    gate, _ = hold(batched)
    for i, request in enumerate(requests):
        jobs.append(batched.submit(request, log.sink(leave_after_two if i == 1 else None)))
    gate.set()
    left = log.sinks[1].last
    assert isinstance(left, GenerationChunk) and left.finish_reason == "stopped"
    assert left.generation_tokens <= seen[-1] + 1  # within one token
    alone = _alone(model, requests)
    for i in (0, 2):
        _same(log.sinks[i], alone[i])
    assert log.together()
    # its place and its cache are given back: the engine serves the next request
    after = Collect()
    batched.submit(requests[1], after)
    _same(after, alone[1])


def test_the_windows_turn_is_not_starved_by_api_traffic(batched: Engine) -> None:
    """The window's reply runs whole between two steps of the batch: it ends before the API
    requests that were decoding when it came."""
    done: list[str] = []
    window_done = threading.Event()

    def window(event: Any) -> None:
        if isinstance(event, ReplyResult | JobFailed):
            done.append("window")
            window_done.set()

    asked: list[bool] = []

    def ask_window(event: Any) -> None:
        if isinstance(event, GenerationChunk) and not asked:
            asked.append(True)  # the batch is decoding: the user sends a message now
            batched.chat(ChatRequest(1, "reply", [Message("user", "Hello")], None, greedy(6)),
                         window)

    log = Log()
    gate, _ = hold(batched)
    for i in range(2):
        request = GenerationRequest(messages=[Message("user", f"Long story {i}")],
                                    settings=greedy(60))

        def end(event: Any, i: int = i) -> None:
            if isinstance(event, GenerationChunk) and event.finish_reason is not None:
                done.append(f"api {i}")

        batched.submit(request, log.sink(lambda e, end=end: (ask_window(e), end(e))))
    gate.set()
    assert window_done.wait(WAIT)
    for sink in log.sinks:
        assert sink.ended.wait(WAIT)
    assert done[0] == "window", done
    assert all(isinstance(s.last, GenerationChunk) and s.last.generation_tokens == 60
               for s in log.sinks)


def test_each_batched_client_reuses_its_own_cache(batched: Engine) -> None:
    firsts = [[Message("user", "Tell me about apples")], [Message("user", "Tell me of pears")]]
    log = Log()
    gate, _ = hold(batched)
    for messages in firsts:
        batched.submit(GenerationRequest(messages=messages, settings=greedy(10)), log.sink())
    gate.set()
    replies = [(s.last, s.text) for s in log.sinks]
    follow = Log()
    gate, _ = hold(batched)
    for messages, (_, text) in zip(firsts, replies, strict=True):
        batched.submit(GenerationRequest(
            messages=[*messages, Message("assistant", text), Message("user", "More?")],
            settings=greedy(4)), follow.sink())
    gate.set()
    for (one, _), sink in zip(replies, follow.sinks, strict=True):
        two = sink.last
        assert isinstance(one, GenerationChunk) and isinstance(two, GenerationChunk)
        # its whole first prompt and its reply's ids come from its own cache
        assert two.cached_tokens == one.prompt_tokens + one.generation_tokens


def test_a_seeded_sampled_request_gives_the_same_reply_beside_others(batched: Engine) -> None:
    seeded = GenerationRequest(messages=[Message("user", "Surprise me")],
                               settings=SamplingSettings(temperature=1.0, max_tokens=12, seed=7))
    texts = []
    for _ in range(2):
        log = Log()
        gate, _ = hold(batched)
        batched.submit(GenerationRequest(messages=[Message("user", "Other")],
                                         settings=SamplingSettings(temperature=1.0,
                                                                   max_tokens=12)), log.sink())
        batched.submit(seeded, log.sink())
        gate.set()
        assert log.sinks[1].ended.wait(WAIT)
        texts.append(log.sinks[1].text)
    alone = Collect()
    batched.submit(seeded, alone)
    assert alone.ended.wait(WAIT)
    assert texts == [alone.text, alone.text]


def test_a_request_whose_processor_fails_ends_alone(
        batched: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error in one request's logits processing (its grammar, say) ends that request with
    the error; the others in the batch finish."""
    original = ChatSession._processors

    def processors(self: ChatSession, s: SamplingSettings, steering: Any,
                   **kwargs: Any) -> list[Any]:
        found = original(self, s, steering, **kwargs)
        if s.max_tokens != 13:
            return found
        calls = [0]

        def breaks(tokens: Any, logits: Any) -> Any:
            calls[0] += 1
            if calls[0] == 3:
                raise OrchardError("The grammar gave up here.")
            return logits

        return [*found, breaks]

    monkeypatch.setattr(ChatSession, "_processors", processors)
    log = Log()
    gate, _ = hold(batched)
    batched.submit(GenerationRequest(messages=[Message("user", "a")], settings=greedy(13)),
                   log.sink())
    batched.submit(GenerationRequest(messages=[Message("user", "b")], settings=greedy(14)),
                   log.sink())
    gate.set()
    failed, fine = log.sinks[0].last, log.sinks[1].last
    assert isinstance(failed, JobFailed) and "gave up" in failed.message
    assert isinstance(fine, GenerationChunk) and fine.generation_tokens == 14


@pytest.mark.parametrize("batch_size", [1, 8], ids=["alone", "batched"])
def test_a_reply_held_to_a_grammar_is_never_ended_for_looping(
        model: Path, batch_size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loop guard ends a free reply; one held to a schema runs to its end instead (cut
    for looping, its JSON would be invalid while the API said it had stopped)."""
    from inference.repetition import LoopGuard

    monkeypatch.setattr(LoopGuard, "feed", lambda self, token, text: True)  # "looping" at once
    engine = _engine(model, batch_size)
    try:
        settings = SamplingSettings(temperature=0.0, min_p=0.0, max_tokens=40, loop_guard=True)
        free, held = Collect(), Collect()
        engine.submit(GenerationRequest(messages=[Message("user", "x")], settings=settings),
                      free)
        grammar = json_schema_grammar({"type": "object", "properties": {
            "name": {"type": "string"}}, "required": ["name"]})
        engine.submit(GenerationRequest(messages=[Message("user", "x")], settings=settings,
                                        steering=Steering(grammar=grammar)), held)
        assert isinstance(free.last, GenerationChunk) and free.last.finish_reason == "loop"
        last = held.last
        assert isinstance(last, GenerationChunk) and last.finish_reason in ("stop", "length")
        assert last.generation_tokens > 1
    finally:
        engine.close()


def test_close_mid_batch_ends_every_request_once(model: Path) -> None:
    engine = _engine(model, 8)
    log = Log()
    closing: list[bool] = []

    def close_on_first(event: Any) -> None:
        if isinstance(event, GenerationChunk) and not closing:
            closing.append(True)
            threading.Thread(target=engine.close).start()  # as the window does on quit

    gate, _ = hold(engine)
    for i in range(3):
        engine.submit(GenerationRequest(messages=[Message("user", f"Story {i}")],
                                        settings=greedy(400)),
                      log.sink(close_on_first if i == 0 else None))
    gate.set()
    for sink in log.sinks:
        last = sink.last
        assert isinstance(last, GenerationChunk) and last.finish_reason == "stopped"
        assert last.generation_tokens < 400
        assert sum(1 for e in sink.events if isinstance(e, GenerationChunk)
                   and e.finish_reason is not None) == 1


def test_a_load_waits_for_the_batch_and_nothing_jumps_ahead_of_it(
        model: Path, batched: Engine, tiny_gguf: Callable[..., Path]) -> None:
    """A model switch queued while a batch decodes runs when the batch is done; an API request
    queued after the switch is answered by the new model, not slipped into the old batch."""
    other = tiny_gguf("qwen3")
    order: list[str] = []
    loaded = threading.Event()

    def on_load(event: Any) -> None:
        order.append("loaded")
        loaded.set()

    log = Log()
    queued: list[bool] = []

    def queue_switch(event: Any) -> None:
        if isinstance(event, GenerationChunk) and not queued:
            queued.append(True)
            batched.load(lambda: load_model(other), on_load)
            batched.submit(GenerationRequest(prompt="after", settings=greedy(3)),
                           log.sink(lambda e: order.append("after") if isinstance(
                               e, GenerationChunk) and e.finish_reason else None))

    gate, _ = hold(batched)
    batched.submit(GenerationRequest(messages=[Message("user", "first")], settings=greedy(20)),
                   log.sink(queue_switch))
    gate.set()
    assert loaded.wait(WAIT)
    for sink in log.sinks:
        assert sink.ended.wait(WAIT)
    first, after = log.sinks[0].last, log.sinks[1].last
    assert isinstance(first, GenerationChunk) and first.generation_tokens == 20
    assert isinstance(after, GenerationChunk) and after.generation_tokens == 3
    # the first request ended before the load; the later one came after it
    ends = [i for i, e in log.order if isinstance(e, GenerationChunk) and e.finish_reason]
    assert ends == [0, 1] and order == ["loaded", "after"]
    assert "qwen3" in batched.model_id.lower()
