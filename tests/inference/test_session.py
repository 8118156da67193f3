"""ChatSession: memory across turns, cache reuse, stop strings, cancel, seeds."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from inference.errors import OrchardError
from inference.model.load import load_model
from inference.session import ChatSession, _StopStringFilter
from inference.types import GenerationChunk, Message, SamplingSettings


def _run(session: ChatSession, text: str) -> tuple[str, GenerationChunk]:
    chunks = list(session.send(text))
    assert chunks[-1].finish_reason is not None
    assert all(c.finish_reason is None for c in chunks[:-1])
    return "".join(c.text for c in chunks), chunks[-1]


@pytest.fixture(params=["gguf", "mlx"])
def session(request: pytest.FixtureRequest, tiny_gguf: Callable[..., Path],
            tiny_mlx_model: Callable[..., Path]) -> ChatSession:
    path = tiny_gguf("llama", "Q8_0") if request.param == "gguf" else tiny_mlx_model("qwen2")
    loaded = load_model(path)
    return ChatSession(loaded, settings=SamplingSettings(temperature=0.0, max_tokens=6),
                       system_prompt="Be brief.")


def test_each_turn_processes_only_its_new_tokens(session: ChatSession) -> None:
    previous = None
    for turn in range(4):
        _, final = _run(session, f"question number {turn}")
        if previous is not None:
            reply = session.messages[-3]
            if reply.token_ids is not None:
                # the previous prompt and the reply as generated all come from the cache
                assert final.cached_tokens == previous.prompt_tokens + previous.generation_tokens
            else:  # a reply cut inside a character is re-tokenized from its text
                assert final.cached_tokens >= previous.prompt_tokens
        previous = final
    assert [m.role for m in session.messages] == ["user", "assistant"] * 4
    assert any(m.token_ids for m in session.messages)


def test_the_model_sees_the_whole_conversation(session: ChatSession) -> None:
    _run(session, "my name is Ada")
    _run(session, "what is my name?")
    prompt = session.build_prompt().text
    assert "my name is Ada" in prompt and "what is my name?" in prompt
    assert "Be brief." in prompt


def test_same_seed_same_reply(tiny_gguf: Callable[..., Path]) -> None:
    loaded = load_model(tiny_gguf("qwen3", "F16"))
    replies = []
    for _ in range(2):
        s = ChatSession(loaded, settings=SamplingSettings(temperature=1.0, seed=7, max_tokens=8))
        replies.append(_run(s, "hello")[0])
    assert replies[0] == replies[1]


def test_max_tokens_ends_with_length(tiny_gguf: Callable[..., Path]) -> None:
    loaded = load_model(tiny_gguf("gemma2", "F32"))
    s = ChatSession(loaded, settings=SamplingSettings(temperature=0.0, max_tokens=3))
    _, final = _run(s, "hello")
    assert final.finish_reason in ("length", "stop")
    assert final.generation_tokens <= 3


def test_stop_strings_split_across_tokens_are_never_shown() -> None:
    f = _StopStringFilter(["###END"])
    shown = []
    for piece in ["Hello #", "#", "#E", "ND and more"]:
        text, hit = f.feed(piece)
        shown.append(text)
        if hit:
            break
    assert "".join(shown) == "Hello "
    assert hit
    g = _StopStringFilter(["</s>"])
    out = [g.feed(p)[0] for p in ["a <", "/b> c"]]
    assert "".join(out) + g.flush() == "a </b> c"  # a near miss is released intact


def test_a_stop_string_ends_the_reply(tiny_gguf: Callable[..., Path]) -> None:
    loaded = load_model(tiny_gguf("llama", "F32"))
    probe = ChatSession(loaded, settings=SamplingSettings(temperature=0.0, max_tokens=12))
    text, _ = _run(probe, "hello")
    assert len(text) >= 4, "the tiny model should say something"
    stop = text[2:4]
    s = ChatSession(loaded, settings=SamplingSettings(temperature=0.0, max_tokens=12, stop=[stop]))
    got, final = _run(s, "hello")
    assert final.finish_reason == "stop"
    assert stop not in got and got == text[: text.index(stop)]


def test_cancel_from_another_thread_stops_within_one_token(tiny_gguf: Callable[..., Path]) -> None:
    loaded = load_model(tiny_gguf("phi3", "F32"))
    s = ChatSession(loaded, settings=SamplingSettings(temperature=1.0, seed=1, max_tokens=200))
    at_cancel = 0
    final = None
    for chunk in s.send("tell me a long story"):
        if chunk.finish_reason:
            final = chunk
            break
        if chunk.generation_tokens >= 3 and not at_cancel:
            at_cancel = chunk.generation_tokens
            t = threading.Thread(target=s.cancel.set)
            t.start()
            t.join()
    assert final is not None and final.finish_reason == "stopped"
    assert final.generation_tokens <= at_cancel + 1
    # the stopped reply is kept, and the session goes on
    assert s.messages[-1].role == "assistant"
    _, nxt = _run(s, "and then?")
    assert nxt.finish_reason in ("stop", "length")


class _AlwaysSet(threading.Event):
    def __init__(self) -> None:
        super().__init__()
        super().set()


def test_cancel_during_prefill_stops_before_the_first_token(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import inference.session as session_module

    monkeypatch.setattr(session_module, "PREFILL_STEP", 8)
    loaded = load_model(tiny_gguf("qwen2", "F32"))
    s = ChatSession(loaded, settings=SamplingSettings(temperature=0.0, max_tokens=5))
    chunks = list(s.send("a long message " * 20, cancel=_AlwaysSet()))
    final = chunks[-1]
    assert final.finish_reason == "stopped" and final.generation_tokens == 0
    assert "".join(c.text for c in chunks) == ""
    _, again = _run(s, "hi")
    assert again.finish_reason in ("stop", "length")


def test_a_conversation_longer_than_the_context_is_refused(tiny_gguf: Callable[..., Path]) -> None:
    loaded = load_model(tiny_gguf("llama", "F32"))
    s = ChatSession(loaded, context_length=16)
    with pytest.raises(OrchardError, match="context"):
        _run(s, "word " * 40)


def test_regenerating_reuses_the_prompt_cache(tiny_gguf: Callable[..., Path]) -> None:
    loaded = load_model(tiny_gguf("llama", "Q4_0"))
    s = ChatSession(loaded, settings=SamplingSettings(temperature=0.0, max_tokens=5))
    _, first = _run(s, "hello there")
    prompt = s.build_prompt(s.conversation()[:-1])
    finals = [c for c in s.generate(prompt) if c.finish_reason]
    assert finals[0].cached_tokens == first.prompt_tokens - 1 or (
        finals[0].cached_tokens >= first.prompt_tokens - 1
    )


# --- context memory: overflow, regenerate, edit (issue: templates and context memory) -------


def _gguf_session(tiny_gguf: Callable[..., Path], **kw: object) -> ChatSession:
    loaded = load_model(tiny_gguf("llama", "F32"))
    settings = SamplingSettings(temperature=0.0, max_tokens=4)
    return ChatSession(loaded, settings=settings, system_prompt="Be brief.", **kw)  # type: ignore[arg-type]


def test_overflow_drops_the_oldest_whole_turns_and_keeps_the_system_prompt(
    tiny_gguf: Callable[..., Path],
) -> None:
    s = _gguf_session(tiny_gguf, context_length=160)
    finals = []
    for turn in range(12):
        finals.append(_run(s, f"turn {turn}")[1])
        if finals[-1].dropped_turns >= 2:
            break
    final = finals[-1]
    assert final.dropped_turns >= 2, "the conversation should have outgrown 160 tokens"
    # nothing is lost: every message is still in the conversation the user sees
    assert [m.content for m in s.messages if m.role == "user"] == [
        f"turn {i}" for i in range(len(finals))
    ]
    sent = s.conversation()
    assert sent[0].role == "system" and sent[0].content == "Be brief."
    roles = [m.role for m in sent[1:]]
    assert roles[0] == "user" and roles == ["user", "assistant"] * (len(roles) // 2)
    assert final.prompt_tokens + final.generation_tokens <= 160
    # the part that stays the same (the system prompt) still comes from the cache
    system_only = s.builder.build([{"role": "system", "content": "Be brief."}],
                                  add_generation_prompt=False)
    assert final.cached_tokens >= len(system_only.ids) - 1
    assert "Be brief." in s.build_prompt().text


def test_overflow_frees_a_quarter_of_the_context_so_the_next_turns_reuse_the_cache(
    tiny_gguf: Callable[..., Path],
) -> None:
    """When a turn no longer fits, the oldest turns go until a quarter of the context is free
    beside the reply's room (no more than that), so the turns after it read only their own
    tokens until the conversation fills that quarter: one re-read per quarter, not per turn.
    Turns are dropped from an estimate before the one render."""
    s = _gguf_session(tiny_gguf, context_length=400)
    reserve = min(s.settings.max_tokens, s.context_length // 4)
    margin = s.context_length // 4
    head = [Message("system", "Be brief.")]
    dropped, drops, previous = 0, 0, None
    read: list[int] = []  # prompt tokens processed per turn once the context is full
    for turn in range(30):
        before = s.renders
        final = _run(s, f"turn {turn}: apples")[1]
        assert s.renders - before == 1 or final.dropped_turns > dropped
        assert final.prompt_tokens + reserve <= s.context_length
        if final.dropped_turns > dropped:
            drops += 1
            # a quarter of the context is free beside the reply's room ...
            assert final.prompt_tokens + reserve <= s.context_length - margin
            # ... and not more was dropped than that takes
            users = [i for i, m in enumerate(s.messages[:-1]) if m.role == "user"]
            earlier = max(i for i in users if i < s.first_kept)
            one_more = s.build_prompt(head + s.messages[earlier:-1])
            assert len(one_more.ids) + reserve > s.context_length - margin
        elif dropped:  # the context is full, but this turn extends the last prompt
            assert previous is not None
            # (a reply cut inside a UTF-8 character is tokenized again from its text)
            assert final.cached_tokens >= previous.prompt_tokens
            read.append(final.prompt_tokens - final.cached_tokens)
        dropped, previous = final.dropped_turns, final
    assert drops >= 2
    assert len(read) >= 2 * drops  # most turns reused the cache; few re-read it
    assert max(read) < 40, read  # the new message and the template's glue around it


def test_turns_dropped_for_room_are_shifted_out_of_the_cache_not_read_again(
    tiny_gguf: Callable[..., Path],
) -> None:
    """Where the model allows it (a plain KV cache, RoPE a pure rotation: Llama here), the
    turn that drops turns reads only its new message: the left-out turns are shifted out of
    the cache. Without the shift, that turn reads everything after the system prompt."""
    shifting = _gguf_session(tiny_gguf, context_length=400)
    reading = _gguf_session(tiny_gguf, context_length=400, shift_on_overflow=False)
    for turn in range(30):
        a = _run(shifting, f"turn {turn}: apples")[1]
        b = _run(reading, f"turn {turn}: apples")[1]
        if a.dropped_turns:
            break
    assert a.dropped_turns == b.dropped_turns > 0  # the same turns left out
    assert a.prompt_tokens == b.prompt_tokens  # the same prompt ...
    assert a.prompt_tokens - a.cached_tokens < 40  # ... read as one new message
    assert b.prompt_tokens - b.cached_tokens > a.prompt_tokens // 2  # ... or again in full

    # the next turn goes on from the shifted cache
    after = _run(shifting, "and one more")[1]
    assert after.cached_tokens >= a.prompt_tokens


def test_a_message_deleted_from_the_middle_is_read_again_never_shifted(
    tiny_gguf: Callable[..., Path],
) -> None:
    """The user deletes a message so that the model forgets it: the turns after it are read
    again without it, so nothing computed while it was there stays."""
    s = _gguf_session(tiny_gguf, context_length=2048)
    for turn in range(4):
        _run(s, f"turn {turn}: apples and pears")
    history = [Message(m.role, m.content, m.token_ids) for m in s.messages]
    s.follow(history[:2] + history[4:])  # turn 1 and its reply deleted
    final = _run(s, "what did I say?")[1]
    head = s.build_prompt([Message("system", "Be brief."), *s.messages[:2]])
    # what is shared before the deleted turn (and the next message's header), nothing after
    assert final.cached_tokens < len(head.ids) + 8 < final.prompt_tokens - 40


def test_a_message_longer_than_the_context_is_refused_and_not_kept(
    tiny_gguf: Callable[..., Path],
) -> None:
    s = _gguf_session(tiny_gguf, context_length=64)
    _run(s, "hi")
    with pytest.raises(OrchardError, match="context"):
        s.send("word " * 80)
    assert [m.content for m in s.messages if m.role == "user"] == ["hi"]


def test_regenerate_processes_only_one_token(tiny_gguf: Callable[..., Path]) -> None:
    s = _gguf_session(tiny_gguf)
    _run(s, "hello")
    _run(s, "and again")
    finals = [c for c in s.regenerate() if c.finish_reason]
    assert finals[0].cached_tokens == finals[0].prompt_tokens - 1
    assert len(s.messages) == 4 and s.messages[-1].role == "assistant"


def test_nothing_to_regenerate(tiny_gguf: Callable[..., Path]) -> None:
    with pytest.raises(OrchardError, match="regenerate"):
        _gguf_session(tiny_gguf).regenerate()


def test_editing_an_earlier_message_reuses_everything_before_it(
    tiny_gguf: Callable[..., Path],
) -> None:
    s = _gguf_session(tiny_gguf)
    for text in ("first question", "second question", "third question"):
        _run(s, text)
    before_edit = s.build_prompt(s.conversation()[:3])  # system, user 1, reply 1 ... then gen
    prefix = s.builder.build([m.as_dict() for m in s.conversation()[:3]],
                             add_generation_prompt=False,
                             reply_ids={2: s.messages[1].token_ids or []})
    finals = [c for c in s.edit(2, "a different second question") if c.finish_reason]
    final = finals[0]
    assert [m.content for m in s.messages if m.role == "user"] == [
        "first question", "a different second question"
    ]
    assert final.cached_tokens >= len(prefix.ids) - 1
    assert final.prompt_tokens - final.cached_tokens < final.prompt_tokens - len(prefix.ids) + 2
    assert before_edit.ids[: len(prefix.ids) - 1] == prefix.ids[:-1]


def test_only_user_messages_can_be_edited(tiny_gguf: Callable[..., Path]) -> None:
    s = _gguf_session(tiny_gguf)
    _run(s, "hello")
    with pytest.raises(OrchardError, match="edited"):
        s.edit(1, "changed reply")


def test_a_template_failing_mid_conversation_falls_back_without_a_crash(
    tiny_gguf: Callable[..., Path],
) -> None:
    from inference.prompt.presets import TemplateChoice
    from inference.prompt.templates import ChatTemplate

    s = _gguf_session(tiny_gguf)
    fragile = ChatTemplate(
        "gguf",
        "{% if messages | length > 2 %}{{ raise_exception('too long for me') }}{% endif %}"
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
        "{% endfor %}<|im_start|>assistant\n",
    )
    s._use(TemplateChoice(fragile, []))
    _run(s, "one")
    assert s.notice is None
    text, final = _run(s, "two")
    assert final.finish_reason in ("stop", "length")
    assert s.notice and "refused the conversation" in s.notice and "preset" in s.notice
    assert s.choice.source == "preset:chatml"


def test_continue_appends_to_the_last_reply(tiny_gguf: Callable[..., Path]) -> None:
    s = _gguf_session(tiny_gguf)
    first, _ = _run(s, "hello")
    chunks = list(s.continue_reply())
    more = "".join(c.text for c in chunks)
    assert chunks[-1].finish_reason is not None
    assert s.messages[-1].content == first + more
    assert chunks[-1].cached_tokens > 0  # the conversation so far came from the cache
    assert len(s.messages) == 2


def test_a_long_prompt_reports_how_far_it_has_been_read(
    tiny_gguf: Callable[..., Path],
) -> None:
    s = _gguf_session(tiny_gguf, context_length=4096)
    seen: list[tuple[int, int]] = []
    stream = s.send("apple pear plum " * 300, progress=lambda done, total: seen.append(
        (done, total)))
    assert [c for c in stream if c.finish_reason]
    total = seen[-1][1]
    assert total > 512 and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) >= 3


def test_continue_keeps_the_space_before_the_first_continued_word(
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """mlx-lm's detokenizer drops the space a generation starts with; a continued reply must
    not glue its first word to the last one ("dragon" + "named")."""
    import mlx.core as mx

    from inference.session import _Token

    s = _gguf_session(tiny_gguf)
    tok = s.loaded.tokenizer
    word = tok.encode(" pears", add_bos=False)
    assert tok.decode(word).startswith(" ")
    # mlx-lm's streaming detokenizer (BPE, as every tiny GGUF's) trims that leading space
    detok = tok.mlx_tokenizer().detokenizer
    for t in word:
        detok.add_token(t)
    detok.finalize()
    assert detok.text == "pears"

    def fake_tokens(self: ChatSession, *args: object, generated: list[int],
                    **kwargs: object) -> Iterator[_Token]:
        for k, t in enumerate(word, 1):  # the model "writes" " pears"
            generated.append(t)
            yield _Token(t, mx.zeros((1,)), False, "length" if k == len(word) else None)

    s.messages = [Message("user", "Name a fruit"), Message("assistant", "Apples and")]
    monkeypatch.setattr(ChatSession, "_tokens", fake_tokens)
    chunks = list(s.continue_reply())
    assert s.messages[-1].content == "Apples and pears"
    assert "".join(c.text for c in chunks) == " pears"


def test_reading_a_long_prompt_reports_progress_about_every_second(
    tiny_gguf: Callable[..., Path],
) -> None:
    """The chunk the prompt is read in follows the speed the model last read at, so the
    progress a slow machine shows moves about once a second instead of once in 30 s."""
    from inference.session import MIN_PREFILL_STEP, PREFILL_STEP

    loaded = load_model(tiny_gguf("llama", "F32"))
    s = ChatSession(loaded, settings=SamplingSettings(temperature=0.0, max_tokens=2))
    seen: list[int] = []
    list(s.send("a long message " * 60, progress=lambda done, total: seen.append(done)))
    measured = loaded.kept["prefill_tps"]
    assert measured > 0  # the first long prompt measured the speed
    assert s._prefill_step() == max(MIN_PREFILL_STEP, min(PREFILL_STEP, int(
        measured) // MIN_PREFILL_STEP * MIN_PREFILL_STEP))
    assert max(b - a for a, b in zip(seen, seen[1:], strict=False)) <= 4 * MIN_PREFILL_STEP
    loaded.kept["prefill_tps"] = 40.0  # a slow machine: 40 tokens a second
    seen.clear()
    list(s.send("another long message " * 60, progress=lambda d, t: seen.append(d)))
    steps = [b - a for a, b in zip(seen, seen[1:], strict=False)]
    assert len(steps) >= 4 and max(steps) <= MIN_PREFILL_STEP
