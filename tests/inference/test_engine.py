"""The engine: one thread owns the model, jobs queue on it, each ends in exactly one event.

Deterministic by construction: a job is held back with an Event-gated ``call`` on the engine
thread, never by sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest

from inference.engine import (
    ChatRequest,
    Engine,
    EngineBusy,
    EngineClosed,
    Event,
    GenerationRequest,
    Job,
    JobFailed,
    PromptProgress,
    ReplyResult,
    TaskContext,
    TaskDone,
    is_terminal,
)
from inference.errors import ModelError
from inference.model.load import LoadedModel, load_model
from inference.session import ChatSession
from inference.types import GenerationChunk, Message, SamplingSettings

WAIT = 20  # seconds; a safety net against hangs, never a timing assumption


def greedy(max_tokens: int = 8, stop: list[str] | None = None) -> SamplingSettings:
    return SamplingSettings(temperature=0.0, min_p=0.0, max_tokens=max_tokens, stop=stop or [])


def hold(engine: Engine) -> tuple[threading.Event, Future[bool]]:
    """Occupy the engine thread until the returned gate is set; returns once it is held."""
    gate, held = threading.Event(), threading.Event()

    def wait(session: ChatSession) -> bool:
        held.set()
        return gate.wait(WAIT)

    future = engine.call(wait)
    assert held.wait(WAIT)
    return gate, future


class Collect:
    """A sink that keeps every event and says when the terminal one arrived."""

    def __init__(self, on_chunk: Callable[[Event], None] | None = None) -> None:
        self.events: list[Event] = []
        self.ended = threading.Event()
        self.on_chunk = on_chunk

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        if self.on_chunk is not None:
            self.on_chunk(event)
        if is_terminal(event):
            self.ended.set()

    @staticmethod
    def tasks() -> Callable[[object], None]:
        return lambda event: None

    @property
    def last(self) -> Event:
        assert self.ended.wait(WAIT)
        return self.events[-1]

    @property
    def text(self) -> str:
        return "".join(e.text for e in self.events if isinstance(e, GenerationChunk))


@pytest.fixture()
def engine(tiny_gguf: Callable[..., Path]) -> Iterator[Engine]:
    path = tiny_gguf("llama")
    eng = Engine(lambda: load_model(path), max_waiting=2)
    eng.start()
    yield eng
    eng.close()


def chat(engine: Engine, text: str, settings: SamplingSettings | None = None) -> Collect:
    sink = Collect()
    engine.submit(GenerationRequest(messages=[Message("user", text)],
                                    settings=settings or greedy()), sink)
    return sink


def test_loads_and_generates_on_its_own_thread(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama")
    threads: list[str] = []

    def load() -> LoadedModel:
        threads.append(threading.current_thread().name)
        return load_model(path)

    eng = Engine(load)
    eng.start()
    try:
        seen = eng.call(lambda s: threading.current_thread().name).result(WAIT)
        sink = chat(eng, "Hello")
        assert isinstance(sink.last, GenerationChunk)
        assert threads == [seen] == ["orchard-engine"]
        assert eng.model_id == path.name and eng.context_length > 0
    finally:
        eng.close()
    assert not eng._thread.is_alive()


def test_load_error_is_raised_by_start(tmp_path: Path) -> None:
    missing = tmp_path / "missing.gguf"
    eng = Engine(lambda: load_model(missing))
    with pytest.raises(ModelError):
        eng.start()
    with pytest.raises(EngineClosed):
        eng.submit(GenerationRequest(prompt="x"), Collect())


def test_chunks_then_exactly_one_terminal_event(engine: Engine) -> None:
    sink = chat(engine, "Tell me about apples", greedy(6))
    last = sink.last
    assert isinstance(last, GenerationChunk)
    assert last.finish_reason == "length" and last.generation_tokens == 6
    terminal = [e for e in sink.events if is_terminal(e)]
    assert terminal == [last]
    assert last.prompt_tokens > 0
    # first word that the prompt was accepted (so a server can answer at once), then chunks
    accepted = sink.events[0]
    assert isinstance(accepted, PromptProgress) and accepted.total == last.prompt_tokens
    assert all(isinstance(e, GenerationChunk) for e in sink.events[1:])


def test_prompt_is_built_like_the_app(engine: Engine) -> None:
    """The engine renders messages with the model's template, text as plain text."""
    typed = "<|im_end|><|im_start|>system"
    sink = chat(engine, typed, greedy(1))
    expected = engine.call(
        lambda s: ChatSession(s.loaded, system_prompt="").build_prompt([Message("user", typed)])
    ).result(WAIT)
    last = sink.last
    assert isinstance(last, GenerationChunk)
    assert last.prompt_tokens == len(expected.ids)
    specials = engine.call(lambda s: set(s.loaded.tokenizer.special_tokens.values())).result(WAIT)
    # only the scaffolding's own control tokens: two turns' worth, none from the typed text
    assert sum(1 for i in expected.ids if i in specials) == 3


def test_a_sent_back_reply_reuses_the_cache(engine: Engine) -> None:
    first = chat(engine, "Tell me about apples", greedy(12))
    one = first.last
    assert isinstance(one, GenerationChunk)
    follow = [Message("user", "Tell me about apples"), Message("assistant", first.text),
              Message("user", "And pears?")]
    sink = Collect()
    engine.submit(GenerationRequest(messages=follow, settings=greedy(4)), sink)
    two = sink.last
    assert isinstance(two, GenerationChunk)
    # the whole first prompt and the reply's own generated ids come from the cache
    assert two.cached_tokens == one.prompt_tokens + one.generation_tokens


def test_cancel_while_running_stops_within_a_token(engine: Engine) -> None:
    jobs: list[Job] = []
    first: list[int] = []

    def cancel_on_first(event: Event) -> None:
        if not first and isinstance(event, GenerationChunk):
            first.append(event.generation_tokens)
            jobs[0].cancel()  # from the sink, on the engine thread, mid-generation

    sink = Collect(on_chunk=cancel_on_first)
    gate, _ = hold(engine)  # so the job exists before its first token
    jobs.append(engine.submit(GenerationRequest(messages=[Message("user", "Go on")],
                                                settings=greedy(500)), sink))
    gate.set()
    last = sink.last
    assert isinstance(last, GenerationChunk) and last.finish_reason == "stopped"
    assert last.generation_tokens <= first[0] + 1
    assert isinstance(chat(engine, "Next").last, GenerationChunk)  # the engine goes on


def test_waiting_job_cancelled_never_runs_and_full_queue_is_busy(engine: Engine) -> None:
    gate, blocker = hold(engine)
    try:
        a = chat(engine, "one")
        b_sink = Collect()
        b = engine.submit(GenerationRequest(prompt="two", settings=greedy()), b_sink)
        with pytest.raises(EngineBusy):  # max_waiting=2: a and b wait, a third is refused
            engine.submit(GenerationRequest(prompt="three"), Collect())
        b.cancel()
    finally:
        gate.set()
    assert blocker.result(WAIT) is True
    assert isinstance(a.last, GenerationChunk) and a.last.finish_reason == "length"
    last = b_sink.last
    assert isinstance(last, GenerationChunk) and last.finish_reason == "stopped"
    assert last.generation_tokens == 0 and b_sink.events == [last]


def test_a_waiting_job_cancelled_gives_its_place_back_at_once(engine: Engine) -> None:
    """Clients that leave while queued free their places then, not when the engine thread
    reaches their jobs: the next clients are served, not told the model is busy."""
    gate, blocker = hold(engine)
    try:
        left = [engine.submit(GenerationRequest(prompt=f"gone {i}", settings=greedy()),
                              Collect()) for i in range(2)]
        with pytest.raises(EngineBusy):
            engine.submit(GenerationRequest(prompt="full"), Collect())
        for job in left:
            job.cancel()
            job.cancel()  # twice: the place is given back once
        came = [chat(engine, "one"), chat(engine, "two")]  # both places free again
        with pytest.raises(EngineBusy):  # and only those two
            engine.submit(GenerationRequest(prompt="three"), Collect())
    finally:
        gate.set()
    assert blocker.result(WAIT) is True
    assert all(isinstance(c.last, GenerationChunk) for c in came)
    assert isinstance(chat(engine, "after").last, GenerationChunk)  # the count stayed right


def test_prompt_beyond_context_fails_and_engine_goes_on(engine: Engine) -> None:
    sink = Collect()
    engine.submit(GenerationRequest(prompt="apple pear " * 3000, settings=greedy()), sink)
    last = sink.last
    assert isinstance(last, JobFailed) and last.code == "context_length_exceeded"
    assert "context" in last.message
    assert isinstance(chat(engine, "Still there?").last, GenerationChunk)


def test_raw_prompt_skips_template_stops(engine: Engine) -> None:
    stops = engine.call(lambda s: (s.choice.stop, s.stop_strings)).result(WAIT)
    assert stops[0]  # the tiny ChatML model has <|im_end|> as a template stop
    sink = Collect()
    engine.submit(GenerationRequest(prompt="The orchard", settings=greedy(3, stop=["zz"])), sink)
    assert isinstance(sink.last, GenerationChunk)
    # the request's settings were its own: nothing of them stayed on the engine's session
    assert engine.call(lambda s: s.stop_strings).result(WAIT) == stops[1]


def test_a_failing_call_keeps_the_engine(engine: Engine) -> None:
    def boom(session: ChatSession) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        engine.call(boom).result(WAIT)
    assert isinstance(chat(engine, "ok").last, GenerationChunk)


def test_close_ends_waiting_jobs_and_refuses_new_ones(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama")
    eng = Engine(lambda: load_model(path))
    eng.start()
    gate, _ = hold(eng)
    waiting = chat(eng, "never")
    closer = threading.Thread(target=eng.close)
    closer.start()
    last = waiting.last  # close() ended it before the running call finished
    gate.set()
    closer.join(WAIT)
    assert isinstance(last, GenerationChunk) and last.finish_reason == "stopped"
    assert not eng._thread.is_alive()
    with pytest.raises(EngineClosed):
        chat(eng, "late")


def test_close_stops_the_running_job(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama")
    eng = Engine(lambda: load_model(path))
    eng.start()
    closing: list[threading.Thread] = []

    def close_on_first(event: Event) -> None:
        if not closing:  # from the engine thread, mid-generation; close() itself waits
            closing.append(threading.Thread(target=eng.close))
            closing[0].start()

    sink = Collect(on_chunk=close_on_first)
    eng.submit(GenerationRequest(prompt="The orchard", settings=greedy(2000)), sink)
    last = sink.last
    closing[0].join(WAIT)
    assert isinstance(last, GenerationChunk) and last.finish_reason == "stopped"
    assert not eng._thread.is_alive()


def test_unload_gives_the_memory_back_without_a_collection(
    tiny_gguf: Callable[..., Path],
) -> None:
    """The engine never runs gc.collect() (in the app it could destroy Qt objects off the GUI
    thread), so the model's arrays must be freed by reference counting alone."""
    import gc

    import mlx.core as mx

    path = tiny_gguf("llama")
    eng = Engine()
    was_enabled = gc.isenabled()
    gc.collect()  # what earlier tests left is not this test's to count
    gc.disable()
    try:
        before = mx.get_active_memory()  # process-wide: whatever else is still alive
        loaded = threading.Event()
        eng.load(lambda: load_model(path), lambda event: loaded.set())
        assert loaded.wait(WAIT)
        assert isinstance(chat(eng, "Hello").last, GenerationChunk)
        held = eng.task(lambda ctx: mx.get_active_memory(), Collect.tasks(), failure="x",
                        out_of_memory="x")
        assert held.done.wait(WAIT)
        eng.unload()
        after = eng.task(lambda ctx: mx.get_active_memory(), Collect.tasks(), failure="x",
                         out_of_memory="x")
        assert after.done.wait(WAIT)
        taken = held.result.value - before
        assert taken > 100_000  # the tiny model's weights and its KV cache
        assert after.result.value - before < taken / 10
    finally:
        if was_enabled:
            gc.enable()
        eng.close()


# --- one owner for every front end; the three bugs of the old split ------------------------


def _turn(engine: Engine, key: object, history: list[Message], *, ctx: int | None = None,
          template: object = None, max_tokens: int = 6) -> ReplyResult:
    ended: list[object] = []
    done = threading.Event()

    def sink(event: object) -> None:
        if isinstance(event, ReplyResult | JobFailed):
            ended.append(event)
            done.set()

    engine.chat(ChatRequest(key, "reply", history, None, greedy(max_tokens), ctx, template), sink)
    assert done.wait(WAIT)
    assert isinstance(ended[0], ReplyResult), ended[0]
    return ended[0]


def test_window_turns_render_once_and_dropped_turns_stay_dropped(engine: Engine) -> None:
    """The window's session is followed, not rewritten: once early turns no longer fit, the
    next turn renders the prompt once (the old worker reset first_kept to 0 every turn and
    re-rendered from the first message until it fit)."""
    history: list[Message] = []
    renders: list[int] = []
    dropped: list[int] = []
    for n in range(10):
        history.append(Message("user", f"Turn {n}: tell me about apples and pears, please."))
        before = engine._sessions[1].renders if 1 in engine._sessions else 0
        result = _turn(engine, 1, history, ctx=256)
        renders.append(engine._sessions[1].renders - before)
        dropped.append(result.final.dropped_turns)
        history.append(Message("assistant", result.content, result.token_ids))
    assert dropped[-1] > 0  # the conversation outgrew the context of 256
    # every turn renders its prompt once, dropping turns included (the old worker rendered
    # from the first message again, once per turn that no longer fit)
    assert renders == [1] * 10, (renders, dropped)
    assert dropped == sorted(dropped)  # dropped turns stay dropped


def test_a_window_template_never_reaches_the_api_or_the_model(engine: Engine) -> None:
    own = engine.call(lambda s: s.loaded.choice).result(WAIT)
    _turn(engine, 7, [Message("user", "Hello")], template="alpaca")
    assert engine.call(lambda s: s.loaded.choice).result(WAIT) is own
    sink = chat(engine, "Hello", greedy(1))
    expected = engine.call(
        lambda s: ChatSession(s.loaded, system_prompt="").build_prompt([Message("user", "Hello")])
    ).result(WAIT)
    last = sink.last
    assert isinstance(last, GenerationChunk) and last.prompt_tokens == len(expected.ids)
    assert expected.template_source == own.source


def test_an_interleaved_client_does_not_evict_a_conversations_cache(engine: Engine) -> None:
    first = chat(engine, "Tell me about the apples in the orchard", greedy(12))
    one = first.last
    assert isinstance(one, GenerationChunk)
    # another client's one-off request (a title, a tag) in between
    other = Collect()
    engine.submit(GenerationRequest(prompt="Write a title for this chat: pears and plums",
                                    settings=greedy(4)), other)
    assert isinstance(other.last, GenerationChunk)
    follow = [Message("user", "Tell me about the apples in the orchard"),
              Message("assistant", first.text), Message("user", "And pears?")]
    sink = Collect()
    engine.submit(GenerationRequest(messages=follow, settings=greedy(4)), sink)
    two = sink.last
    assert isinstance(two, GenerationChunk)
    assert two.cached_tokens == one.prompt_tokens + one.generation_tokens


def test_the_window_and_an_api_client_keep_their_own_caches(engine: Engine) -> None:
    history = [Message("user", "Tell me a long story about a dragon in the orchard.")]
    result = _turn(engine, 3, history, max_tokens=10)
    assert isinstance(chat(engine, "Unrelated: list three plums", greedy(6)).last, GenerationChunk)
    history += [Message("assistant", result.content, result.token_ids),
                Message("user", "Go on.")]
    again = _turn(engine, 3, history)
    assert again.final.cached_tokens >= result.final.prompt_tokens


def test_window_api_and_compare_share_one_engine_and_one_copy(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import inference.eval.compare as compare_module
    from inference.eval.compare import CompareSettings, Comparison

    path, other = tiny_gguf("llama"), tiny_gguf("llama", "Q8_0")
    loads: list[Path] = []

    def counting_load(spec: object, **kw: object) -> LoadedModel:
        loads.append(Path(str(spec)))
        return load_model(spec, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(compare_module, "load_model", counting_load)
    eng = Engine()
    try:
        ready = threading.Event()
        eng.load(lambda: counting_load(path), lambda e: ready.set())
        assert ready.wait(WAIT)
        _turn(eng, 1, [Message("user", "Hello")])  # the window
        assert isinstance(chat(eng, "Hi").last, GenerationChunk)  # the API
        settings = CompareSettings(prompt="Hello", max_tokens=4)
        done = Collect()
        job = eng.task(lambda ctx: list(Comparison([path, other], settings,
                                                   reuse=ctx.loaded).run()),
                       done, failure="compare failed", out_of_memory="oom")
        assert job.done.wait(WAIT)
        assert isinstance(job.result, TaskDone), job.result
        assert loads == [path, other]  # the engine's model once; compare loaded only the other
        assert isinstance(chat(eng, "Still here?").last, GenerationChunk)
    finally:
        eng.close()


def test_an_exclusive_task_has_the_memory_to_itself_and_the_model_comes_back(
    tiny_gguf: Callable[..., Path],
) -> None:
    """Compare runs as an exclusive task: the chat's model (its weights, caches, sessions)
    is let go while it runs, without a collection, and loaded again only when the next
    chat needs it, the conversation going on as before."""
    import gc

    import mlx.core as mx

    path = tiny_gguf("llama")
    loads: list[Path] = []

    def counting_load() -> LoadedModel:
        loads.append(path)
        return load_model(path)

    eng = Engine()
    was_enabled = gc.isenabled()
    gc.collect()  # what earlier tests left is not this test's to count
    gc.disable()
    try:
        before = mx.get_active_memory()  # process-wide: whatever else is still alive
        ready = threading.Event()
        eng.load(counting_load, lambda e: ready.set())
        assert ready.wait(WAIT)
        assert isinstance(chat(eng, "Hello").last, GenerationChunk)
        held = eng.task(lambda ctx: mx.get_active_memory(), Collect.tasks(), failure="x",
                        out_of_memory="x")
        assert held.done.wait(WAIT)

        def exclusive(ctx: TaskContext) -> tuple[int, tuple[str, ...]]:
            handed = ctx.take_loaded()
            assert handed is not None and handed.info.path == path  # it may still be used
            del handed
            return mx.get_active_memory(), eng.model_ids

        during = eng.task(exclusive, Collect.tasks(), failure="x", out_of_memory="x",
                          exclusive=True)
        assert during.done.wait(WAIT)
        active, ids = during.result.value
        assert eng.stepped_aside
        # nothing of the model is left in memory
        assert active - before < (held.result.value - before) / 10
        assert ids == (path.name,)  # the API still names the model it will get back
        assert loads == [path]  # not loaded again until a request needs it
        assert isinstance(chat(eng, "Still here?").last, GenerationChunk)
        assert loads == [path, path] and not eng.stepped_aside
    finally:
        if was_enabled:
            gc.enable()
        eng.close()


def test_a_model_failing_its_check_never_costs_the_loaded_one(
    tiny_gguf: Callable[..., Path], tiny_mlx_model: Callable[..., Path], tmp_path: Path
) -> None:
    """An MLX folder without its tokenizer is refused from its headers, while the model the
    user has stays loaded (the very same one: never unloaded)."""
    import shutil

    from inference.engine import LoadFailed
    from inference.model.load import inspect_model

    folder = tmp_path / "no-tokenizer"
    shutil.copytree(tiny_mlx_model("llama"), folder)
    for name in ("tokenizer.json", "tokenizer_config.json", "tokenizer.model"):
        (folder / name).unlink(missing_ok=True)
    path = tiny_gguf("llama")
    eng = Engine()
    try:
        ready = threading.Event()
        eng.load(lambda: load_model(path), lambda e: ready.set(), aliases=("mine.gguf",))
        assert ready.wait(WAIT)
        before = eng.loaded
        ended: list[object] = []
        done = threading.Event()
        eng.load(lambda: load_model(folder), lambda e: (ended.append(e), done.set()),
                 check=lambda: inspect_model(folder))
        assert done.wait(WAIT)
        failed = ended[0]
        assert isinstance(failed, LoadFailed) and "no tokenizer" in failed.message
        assert failed.message.endswith("is still loaded.")
        assert failed.kept is not None and failed.kept_aliases == ("mine.gguf",)
        assert eng.loaded is before  # never unloaded
        assert isinstance(chat(eng, "Still there?").last, GenerationChunk)
    finally:
        eng.close()


def test_a_model_that_breaks_mid_load_is_followed_by_the_previous_one(
    tiny_gguf: Callable[..., Path],
) -> None:
    from inference.engine import LoadFailed

    path = tiny_gguf("llama")
    loads: list[str] = []

    def good() -> LoadedModel:
        loads.append("good")
        return load_model(path)

    def broken() -> LoadedModel:
        loads.append("broken")
        raise MemoryError

    eng = Engine()
    try:
        ready = threading.Event()
        eng.load(good, lambda e: ready.set(), aliases=("good.gguf",))
        assert ready.wait(WAIT)
        ended: list[object] = []
        done = threading.Event()
        eng.load(broken, lambda e: (ended.append(e), done.set()), check=lambda: None)
        assert done.wait(WAIT)
        failed = ended[0]
        assert isinstance(failed, LoadFailed)
        assert failed.message.startswith("The model does not fit in memory")
        assert loads == ["good", "broken", "good"] and eng.model_ids[1:] == ("good.gguf",)
        assert isinstance(chat(eng, "Still there?").last, GenerationChunk)
    finally:
        eng.close()


def test_a_request_checked_against_another_model_is_refused_not_answered(
        engine: Engine) -> None:
    """A request that waited while another model was loaded (the server switched for someone
    else) is told so, and never answered by a model it did not ask for."""
    sink = Collect()
    engine.submit(GenerationRequest(prompt="hi", settings=greedy(), expect=("other.gguf",)),
                  sink)
    assert isinstance(sink.last, JobFailed) and sink.last.code == "model_changed"
    ok = Collect()
    engine.submit(GenerationRequest(prompt="hi", settings=greedy(),
                                    expect=tuple(engine.model_ids)), ok)
    assert isinstance(ok.last, GenerationChunk)


def test_a_kv_cache_that_cannot_be_quantized_is_one_sentence_and_the_model_before_stays(
        engine: Engine, tiny_gguf: Callable[..., Path]) -> None:
    """The caches are made as the model is taken into use: an error there is the load's
    failure in one sentence, the engine goes on with the model it had."""
    before = engine.model_ids
    sink = Collect()
    engine.load(lambda: load_model(tiny_gguf("llama")), sink, aliases=("narrow",), kv_bits=8)
    failed = sink.last
    assert isinstance(failed, JobFailed) and "cannot quantize" in failed.message
    assert engine.model_ids == before
    assert chat(engine, "The orchard was").last.finish_reason is not None  # type: ignore[union-attr]
