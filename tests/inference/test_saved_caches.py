"""KV caches saved on disk: a conversation reopened in a fresh engine reads only its new turn;
a damaged, truncated or mismatched file is ignored and the answer stays right; the folder
keeps to its cap. And the quantized KV cache (8 and 4 bits) next to the 16-bit one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import mlx.core as mx
import pytest
from mlx_lm.models.cache import KVCache, QuantizedKVCache

from inference import saved_caches
from inference.caches import PromptCaches, make_cache
from inference.engine import ChatRequest, Engine, ReplyResult
from inference.errors import OrchardError
from inference.model.load import LoadedModel, load_model
from inference.saved_caches import SavedCaches, model_identity
from inference.session import ChatSession
from inference.types import GenerationChunk, Message, SamplingSettings

WAIT = 60
GREEDY = SamplingSettings(temperature=0.0, min_p=0.0, max_tokens=6)
#: Long enough that every prompt is worth saving (saved_caches.MIN_TOKENS).
SYSTEM = "You answer questions about orchards, apples, pears and the seasons, briefly."


def _session(loaded: LoadedModel, disk: SavedCaches | None,
             kv_bits: int | None = None) -> ChatSession:
    caches = PromptCaches(loaded.model, max_entries=1, kv_bits=kv_bits,
                          head_dim=loaded.info.head_dim, disk=disk)
    return ChatSession(loaded, system_prompt=SYSTEM, settings=GREEDY, caches=caches,
                       context_length=2048)


def _disk(loaded: LoadedModel, root: Path, cap: int = saved_caches.DEFAULT_CAP_BYTES,
          kv_bits: int | None = None) -> SavedCaches:
    return SavedCaches(model_identity(loaded.info, kv_bits), root=root, cap_bytes=cap,
                       layers=(loaded.info.n_kv_heads, loaded.info.head_dim))


def _turn(session: ChatSession, text: str) -> tuple[str, GenerationChunk]:
    chunks = list(session.send(text))
    return "".join(c.text for c in chunks), chunks[-1]


def _history(session: ChatSession) -> list[Message]:
    return [Message(m.role, m.content, m.token_ids) for m in session.messages]


@pytest.fixture
def loaded(tiny_gguf: Callable[..., Path]) -> LoadedModel:
    return load_model(tiny_gguf("llama", "F32"))


def _yesterday(loaded: LoadedModel, root: Path) -> tuple[list[Message], GenerationChunk]:
    """Three turns, then the conversation is left: its cache is saved."""
    first = _session(loaded, _disk(loaded, root))
    final = None
    for text in ("What grows in an orchard?", "And in winter?", "Which apples keep?"):
        final = _turn(first, text)[1]
    first.caches.persist()
    assert final is not None
    return _history(first), final


def test_a_conversation_reopened_reads_only_its_new_turn_and_answers_the_same(
    loaded: LoadedModel, tmp_path: Path,
) -> None:
    history, last = _yesterday(loaded, tmp_path)
    assert list(tmp_path.glob("*.safetensors"))

    # a fresh session (a restart) with the saved conversation, then one more turn
    again = _session(loaded, _disk(loaded, tmp_path))
    again.follow(history)
    reply, final = _turn(again, "Tell me about pears.")
    held = last.prompt_tokens + last.generation_tokens
    assert final.cached_tokens >= held - 1  # all of yesterday, as the model wrote it
    assert final.prompt_tokens - final.cached_tokens < 30  # the new message and its glue

    # the same turn read from scratch gives the same greedy reply
    cold = _session(loaded, None)
    cold.follow(history)
    cold_reply, cold_final = _turn(cold, "Tell me about pears.")
    assert cold_final.cached_tokens == 0
    assert reply == cold_reply


def _corrupt_truncated(file: Path) -> None:
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])


def _corrupt_garbage(file: Path) -> None:
    file.write_bytes(b"\x00not a safetensors file" * 50)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "other model", "other version"])
def test_a_damaged_or_mismatched_cache_file_is_ignored_and_the_answer_is_right(
    loaded: LoadedModel, tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture,
    tiny_gguf: Callable[..., Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    history, _ = _yesterday(loaded, tmp_path)
    (file,) = tmp_path.glob("*.safetensors")
    if damage == "truncated":
        _corrupt_truncated(file)
    elif damage == "garbage":
        _corrupt_garbage(file)
    elif damage == "other model":
        # another model's cache of the same tokens, put where this model's file was
        other = load_model(tiny_gguf("qwen2", "F32"))
        elsewhere = tmp_path / "other"
        session = _session(other, _disk(other, elsewhere))
        session.follow(history[:-1])
        list(session.reply())
        session.caches.persist()
        (their,) = elsewhere.glob("*.safetensors")
        file.write_bytes(their.read_bytes())
    else:  # written by another version of Orchard: the model's identity differs
        real = saved_caches._version
        monkeypatch.setattr(saved_caches, "_version",
                            lambda package: "99.0" if package == "orchard" else real(package))

    again = _session(loaded, _disk(loaded, tmp_path))
    again.follow(history)
    with caplog.at_level(logging.WARNING, logger="inference.saved_caches"):
        reply, final = _turn(again, "Tell me about pears.")
    assert final.cached_tokens == 0  # read in full: slower, never wrong
    if damage != "other version":  # (that one is never even looked at: LRU ages it out)
        assert "ignoring the saved prompt cache" in caplog.text
        assert not file.exists()  # not tried again next time

    cold = _session(loaded, None)
    cold.follow(history)
    assert reply == _turn(cold, "Tell me about pears.")[0]


def test_the_folder_keeps_to_its_cap_least_recently_used_first(
    loaded: LoadedModel, tmp_path: Path,
) -> None:
    probe = _disk(loaded, tmp_path / "probe")
    one = _session(loaded, probe)
    _turn(one, "What grows in an orchard?")
    one.caches.persist()
    size = probe.total_bytes()
    assert size > 0

    cap = int(size * 2.5)  # room for two conversations of this length, not three
    disk = _disk(loaded, tmp_path, cap)
    for topic in ("apples", "pears", "plums"):
        session = _session(loaded, disk)
        _turn(session, f"Tell me about {topic}, please.")
        session.caches.persist()
    assert disk.total_bytes() <= cap
    assert len(list(tmp_path.glob("*.safetensors"))) == 2
    # the first conversation (least recently used) went; the last two are still found
    prompt = _session(loaded, disk)
    assert disk.best(prompt.build_prompt(
        [Message("system", SYSTEM), Message("user", "Tell me about apples, please.")]).ids,
        prompt._template_key(prompt.build_prompt())) is None
    for topic in ("pears", "plums"):
        ids = prompt.build_prompt([Message("system", SYSTEM),
                                   Message("user", f"Tell me about {topic}, please.")]).ids
        assert disk.best(ids, prompt._template_key(prompt.build_prompt())) is not None


def test_a_longer_save_of_a_conversation_replaces_the_shorter_one(
    loaded: LoadedModel, tmp_path: Path,
) -> None:
    disk = _disk(loaded, tmp_path)
    ids = loaded.tokenizer.encode("apples and pears " * 24, add_bos=False)
    assert len(ids) > 2 * saved_caches.MIN_TOKENS
    cache = make_cache(loaded.model)
    half = len(ids) // 2
    loaded.model(mx.array(ids[:half])[None], cache=cache)
    assert disk.save(cache, ids[:half], "t")
    loaded.model(mx.array(ids[half:])[None], cache=cache)
    assert disk.save(cache, ids, "t")
    (file,) = tmp_path.glob("*.safetensors")
    found = disk.best(ids + [5, 6], "t")
    assert found is not None and found.file == file and found.tokens == ids
    assert disk.best(ids, "another template") is None


def test_a_fresh_engine_starts_from_the_saved_cache_of_a_window_conversation(
    loaded: LoadedModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The window's path: the engine saves the conversation's cache when the app quits, and
    after a restart the same conversation (with the turns its last reply was sent without)
    reads only the new turn."""
    monkeypatch.setenv("ORCHARD_HOME", str(tmp_path / "home"))
    path = loaded.info.path

    def chat(engine: Engine, history: list[Message], dropped: int) -> ReplyResult:
        events: list[object] = []
        job = engine.chat(ChatRequest(
            conversation=7, kind="reply", history=history, system_prompt=SYSTEM,
            settings=GREEDY, context_length=160, dropped_turns=dropped), events.append)
        assert job.done.wait(WAIT)
        result = events[-1]
        assert isinstance(result, ReplyResult), result
        return result

    history: list[Message] = []
    engine = Engine(lambda: load_model(path), saved_caches_bytes=10**9).start()
    results = []
    for text in ("What grows in an orchard?", "And in winter?", "Which apples keep?",
                 "And pears?", "Plums?"):
        history.append(Message("user", text))
        result = chat(engine, history, results[-1].final.dropped_turns if results else 0)
        history.append(Message("assistant", result.content, result.token_ids))
        results.append(result)
    engine.close()  # the app quits
    assert results[-1].final.dropped_turns > 0  # the context of 160 was outgrown

    engine = Engine(lambda: load_model(path), saved_caches_bytes=10**9).start()
    history.append(Message("user", "Cherries?"))
    again = chat(engine, history, results[-1].final.dropped_turns)
    engine.close()
    last = results[-1].final
    assert again.final.dropped_turns == last.dropped_turns
    assert again.final.cached_tokens >= last.prompt_tokens
    assert again.final.prompt_tokens - again.final.cached_tokens < 30


# --- the quantized KV cache ------------------------------------------------------------------
@pytest.fixture
def wide(tiny_gguf: Callable[..., Path]) -> LoadedModel:
    """Heads of 64 values: what MLX's quantization needs (groups of 32 or 64)."""
    return load_model(tiny_gguf("llama", "F32", wide=True))


@pytest.mark.parametrize("bits", [8, 4])
def test_a_quantized_kv_cache_answers_close_to_the_16_bit_one(wide: LoadedModel,
                                                              bits: int) -> None:
    ids = wide.tokenizer.encode("In the orchard the apples ripen slowly in the autumn sun, "
                                "and the pears follow a little later.", add_bos=False)
    x = mx.array(ids)[None]
    full = wide.model(x, cache=make_cache(wide.model, None, wide.info.head_dim))
    cache = make_cache(wide.model, bits, wide.info.head_dim)
    assert all(isinstance(c, QuantizedKVCache) and c.bits == bits for c in cache)
    quant = wide.model(x, cache=cache)
    p = mx.softmax(full[0].astype(mx.float32), axis=-1)
    q = mx.softmax(quant[0].astype(mx.float32), axis=-1)
    kl = mx.sum(p * (mx.log(p + 1e-12) - mx.log(q + 1e-12)), axis=-1)
    top1 = float(mx.mean(mx.argmax(p, -1) == mx.argmax(q, -1)).item())
    # random weights spread their probability thinly, so 4 bits flip more top tokens than a
    # trained model's would (measured here: 8 bits 2e-4 nats at most and 98% the same top
    # token; 4 bits 0.025 nats on average and 84%)
    worst, mean, least = (0.01, 0.002, 0.95) if bits == 8 else (0.2, 0.05, 0.75)
    assert float(mx.max(kl).item()) < worst
    assert float(mx.mean(kl).item()) < mean
    assert top1 >= least

    # and a chat turn on it streams, with the cache reused on the next turn
    s = _session(wide, None, kv_bits=bits)
    _turn(s, "What grows in an orchard?")
    final = _turn(s, "And in winter?")[1]
    assert final.cached_tokens > 0
    held = s.caches._entries[0].cache
    assert all(isinstance(c, QuantizedKVCache) for c in held)


def test_a_quantized_cache_takes_the_memory_the_estimate_says(wide: LoadedModel) -> None:
    info = wide.info
    n = 1024
    for bits in (None, 8, 4):
        cache = make_cache(wide.model, bits, info.head_dim)
        keys = mx.random.normal((1, info.n_kv_heads, n, info.head_dim)).astype(mx.float16)
        for c in cache:
            c.update_and_fetch(keys, keys)
        held = sum(c.nbytes for c in cache)
        assert held == info.memory(n, kv_bits=bits).kv_bytes
    assert info.memory(n, kv_bits=4).kv_bytes < 0.3 * info.memory(n).kv_bytes


def test_a_quantized_cache_of_heads_too_narrow_says_so(loaded: LoadedModel) -> None:
    assert loaded.info.head_dim % 32  # the narrow tiny model: heads of 16
    with pytest.raises(OrchardError, match="cannot quantize"):
        PromptCaches(loaded.model, kv_bits=8, head_dim=loaded.info.head_dim)
    assert all(type(c) is KVCache for c in make_cache(loaded.model))


def test_a_saved_quantized_cache_is_reused_and_not_by_the_16_bit_model(
    wide: LoadedModel, tmp_path: Path,
) -> None:
    session = _session(wide, _disk(wide, tmp_path, kv_bits=8), kv_bits=8)
    _turn(session, "What grows in an orchard?")
    session.caches.persist()
    history = _history(session)

    again = _session(wide, _disk(wide, tmp_path, kv_bits=8), kv_bits=8)
    again.follow(history)
    assert _turn(again, "And in winter?")[1].cached_tokens > 0
    sixteen = _session(wide, _disk(wide, tmp_path), kv_bits=None)
    sixteen.follow(history)
    assert _turn(sixteen, "And in winter?")[1].cached_tokens == 0


def test_an_api_clients_long_system_prompt_is_read_from_disk_after_a_restart(
    loaded: LoadedModel, tmp_path: Path,
) -> None:
    """`orchard serve` stopped and started again: a request with the same long system prompt
    as before reads only what follows it."""
    from inference.engine import GenerationRequest

    path = loaded.info.path
    system = Message("system", SYSTEM * 3)

    def ask(engine: Engine, question: str) -> GenerationChunk:
        events: list[object] = []
        job = engine.submit(GenerationRequest(messages=[system, Message("user", question)],
                                              settings=GREEDY), events.append)
        assert job.done.wait(WAIT)
        final = events[-1]
        assert isinstance(final, GenerationChunk) and final.finish_reason, final
        return final

    engine = Engine(lambda: load_model(path), saved_caches_bytes=10**9,
                    saved_caches_root=tmp_path).start()
    first = ask(engine, "What grows in an orchard?")
    engine.close()
    assert first.cached_tokens == 0
    engine = Engine(lambda: load_model(path), saved_caches_bytes=10**9,
                    saved_caches_root=tmp_path).start()
    second = ask(engine, "Which pears keep best?")
    engine.close()
    assert second.cached_tokens > len(SYSTEM * 3) // 4  # the whole system prompt, and more
    assert second.prompt_tokens - second.cached_tokens < 30


def test_the_engine_loads_a_model_with_the_kv_cache_precision_asked(wide: LoadedModel) -> None:
    path = wide.info.path
    engine = Engine(lambda: load_model(path, kv_bits=4), kv_bits=4).start()
    try:
        def held(session: ChatSession) -> list[object]:
            list(session.generate(session.build_prompt([Message("user", "hello there")]),
                                  settings=GREEDY))
            return [type(c) for c in session.caches._entries[0].cache]

        kinds = engine.call(held).result(WAIT)
    finally:
        engine.close()
    assert kinds and all(k is QuantizedKVCache for k in kinds)


def test_a_damaged_index_is_started_again_and_nothing_breaks(
    loaded: LoadedModel, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    history, _ = _yesterday(loaded, tmp_path)
    (tmp_path / saved_caches.INDEX).write_bytes(b"not a database at all" * 100)
    again = _session(loaded, _disk(loaded, tmp_path))
    again.follow(history)
    with caplog.at_level(logging.WARNING, logger="inference.saved_caches"):
        final = _turn(again, "Tell me about pears.")[1]
    assert final.cached_tokens == 0 and "unreadable" in caplog.text
    again.caches.persist()  # and saving works again
    assert _disk(loaded, tmp_path).total_bytes() > 0


def test_a_deleted_conversation_takes_its_kv_caches_with_it(
    loaded: LoadedModel, tmp_path: Path,
) -> None:
    """What the model kept of a conversation is the conversation too: deleting it in the
    window deletes its saved cache, and the cache in memory is not saved afterwards."""
    path = loaded.info.path
    engine = Engine(lambda: load_model(path), saved_caches_bytes=10**9,
                    saved_caches_root=tmp_path).start()
    try:
        for conversation in (1, 2):
            history = [Message("user", f"Tell me about orchard number {conversation}.")]
            events: list[object] = []
            job = engine.chat(ChatRequest(conversation=conversation, kind="reply",
                                          history=history, system_prompt=SYSTEM,
                                          settings=GREEDY), events.append)
            assert job.done.wait(WAIT) and isinstance(events[-1], ReplyResult)
        assert len(list(tmp_path.glob("*.safetensors"))) == 1  # 1 was left: saved
        engine.forget(1)
        engine.forget(2)  # still in memory only: it must not be saved at the end
    finally:
        engine.close()
    assert list(tmp_path.glob("*.safetensors")) == []
