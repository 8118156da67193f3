"""Compare engine, quality measures and MLX quantization, on tiny random-weight models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from inference.errors import OrchardError
from inference.eval.compare import (
    CompareSettings,
    Comparison,
    builtin_text,
    builtin_texts,
    first_divergence,
)
from inference.eval.quality import (
    check_same_vocabulary,
    score_against,
    score_reference,
    tokenize_text,
    vocabulary_size,
)
from inference.eval.quantize import quantize
from inference.model.load import load_model
from inference.session import ChatSession
from inference.types import SamplingSettings

SHORT_TEXT = builtin_text("en")[:700]


@pytest.fixture(scope="module")
def variants(
    tiny_mlx_model: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    src = tiny_mlx_model("llama")
    root = tmp_path_factory.mktemp("variants")
    out = {"ref": src}
    for bits in (8, 3):
        out[f"{bits}bit"] = quantize(src, root / f"q{bits}", bits=bits, group_size=64).folder
    return out


def test_builtin_texts_fill_several_windows_in_five_languages_and_code(
    starter_gguf: Path,
) -> None:
    """Neighbouring quants only separate over thousands of scored tokens: every built-in
    prose and code text gives at least four 512-token windows (the default measure's 2048
    tokens), and the long document a window of 4096 (tests/inference/eval/test_categories.py
    checks the dialogue)."""
    from inference.model.load import load_tokenizer

    assert builtin_texts() == ["en", "code", "ja", "zh", "ko", "ru", "chat", "long"]
    tokenizer = load_tokenizer(starter_gguf)
    for name in builtin_texts():
        if name == "chat":
            with pytest.raises(OrchardError, match="dialogue"):
                builtin_text(name)
            continue
        ids = tokenize_text(tokenizer, builtin_text(name), max_tokens=10**6)
        assert len(ids) >= (4096 if name == "long" else 4 * 512), name
    with pytest.raises(OrchardError, match="no built-in text"):
        builtin_text("xx")


def test_model_against_itself_has_zero_kl_and_full_agreement(variants: dict[str, Path]) -> None:
    lm = load_model(variants["ref"])
    ids = tokenize_text(lm.tokenizer, SHORT_TEXT)
    quality, ref = score_reference(lm, ids, window=64)
    again = score_against(lm, ref)
    assert again.kl == pytest.approx(0.0, abs=1e-6)
    assert again.top1 == 1.0
    assert again.ppl == pytest.approx(quality.ppl, rel=1e-5)
    # llama.cpp's chunks: whole windows of 64, each scoring its second half (31 tokens)
    assert again.tokens == (len(ids) // 64) * 31 > 0


def test_8bit_is_closer_to_the_reference_than_3bit_on_every_metric(
    variants: dict[str, Path],
) -> None:
    c = Comparison([variants["3bit"], variants["ref"], variants["8bit"]],
                   CompareSettings(prompt="What is the capital of France?", max_tokens=12,
                                   quality_text=SHORT_TEXT))
    events = list(c.run())
    assert c.reference == 1  # the float32 folder is the highest precision, wherever it is
    q3, ref, q8 = (r.quality for r in c.results)
    assert ref is not None and q3 is not None and q8 is not None
    assert ref.kl == 0.0 and ref.top1 == 1.0
    assert q8.kl is not None and q3.kl is not None and q8.top1 is not None and q3.top1 is not None
    assert q8.kl < q3.kl
    assert q8.top1 > q3.top1
    assert abs(q8.ppl - ref.ppl) < abs(q3.ppl - ref.ppl)
    r3, rr, r8 = c.results
    assert r8.bits_per_weight > r3.bits_per_weight
    assert r8.size_bytes > r3.size_bytes
    # every model answered, with its own figures, and the stream names each column
    for r in c.results:
        assert r.generation_tokens > 0 and r.ttft_s > 0 and r.load_s > 0
        assert r.reply_ids
    chunks = {e.index for e in events if e.kind == "chunk"}
    assert chunks == {0, 1, 2}
    kinds = [e.kind for e in events if e.index == 1]
    assert kinds[:2] == ["loading", "loaded"] and kinds[-1] == "unloaded"
    md = c.report().markdown()
    assert md.count("\n") == 5 and "(reference)" in md
    csv = c.report().csv().splitlines()
    assert csv[0].startswith("model,quantization,bits/weight") and len(csv) == 4
    # where the 3-bit reply leaves the reference's: both models' five likeliest tokens there,
    # each led by the token its greedy reply took
    decode = load_model(variants["ref"]).tokenizer.decode
    assert r3.diverges_at is not None  # 3 bits of random weights: the replies part
    for r in (r3, r8):
        if r.diverges_at is None:
            assert r.divergence is None
            continue
        d = r.divergence
        assert d is not None and d["token"] == r.diverges_at
        k = r.diverges_at
        assert d["reference"][0]["token"] == decode([rr.reply_ids[k]])
        assert d["model"][0]["token"] == decode([r.reply_ids[k]])
        for side in ("reference", "model"):
            ps = [t["p"] for t in d[side]]
            assert len(ps) == 5 and ps == sorted(ps, reverse=True) and sum(ps) <= 1 + 1e-6
    # the scored tokens where the 3-bit copy strays most, with the text around them
    worst = r3.worst_tokens
    assert q3.stats is not None and worst
    assert worst[0]["kl"] == pytest.approx(q3.stats.kld_max, rel=1e-5)
    assert [w["kl"] for w in worst] == sorted((w["kl"] for w in worst), reverse=True)
    ids = tokenize_text(load_model(variants["ref"]).tokenizer, SHORT_TEXT)
    for w in worst:
        assert w["token"] == decode([ids[w["position"]]])
        assert SHORT_TEXT.find(w["before"] + w["token"]) >= 0  # it is where it says


def test_one_model_is_in_memory_at_a_time(variants: dict[str, Path]) -> None:
    """Each model is unloaded before the next loads, so the peak is the largest model alone
    (2 to 4 quants of a 7B never sit side by side on a 16 GB Mac)."""
    import mlx.core as mx

    c = Comparison([variants["3bit"], variants["ref"], variants["8bit"]],
                   CompareSettings(prompt="Hi", max_tokens=4, quality_text=SHORT_TEXT,
                                   window=64))
    assert c.plan() == [1, 0, 2]  # the reference first
    assert "One model in memory at a time" in c.describe_plan()
    mx.clear_cache()
    baseline = mx.get_active_memory()
    order, held = [], {}
    for e in c.run():
        if e.kind in ("loaded", "unloaded"):
            order.append((e.index, e.kind))
        if e.kind == "loaded":
            held[e.index] = mx.get_active_memory() - baseline
    assert order == [(1, "loaded"), (1, "unloaded"), (0, "loaded"), (0, "unloaded"),
                     (2, "loaded"), (2, "unloaded")]
    weights = {i: r.size_bytes for i, r in enumerate(c.results)}
    for i, active in held.items():  # that model's weights, and nothing of the others'
        assert active < weights[i] + min(weights.values()) / 2, (i, active, weights)
    for i, r in enumerate(c.results):  # each turn's peak: the model and its activations
        assert weights[i] / 1e9 < r.peak_memory_gb < (weights[i] + 64e6) / 1e9, (i, r)
    assert all(r.quality is not None and r.reply for r in c.results)


def test_first_divergence_on_constructed_replies() -> None:
    ref = [5, 6, 7, 8, 9]
    assert first_divergence(ref, [5, 6, 7, 8, 9]) is None
    assert first_divergence(ref, [5, 6, 1, 8, 9]) == 2
    assert first_divergence(ref, [4]) == 0
    assert first_divergence(ref, [5, 6, 7]) == 3  # stopped early
    assert first_divergence(ref, [5, 6, 7, 8, 9, 10]) == 5  # went on


def test_divergence_is_marked_in_the_reply(variants: dict[str, Path]) -> None:
    c = Comparison([variants["ref"], variants["ref"]], CompareSettings(prompt="Hi", max_tokens=6))
    list(c.run())
    assert c.results[1].reply_ids == c.results[0].reply_ids
    assert c.results[1].diverges_at is None
    # and with a column that leaves the reference after two tokens
    ids = c.results[0].reply_ids
    assert first_divergence(ids, [*ids[:2], ids[2] + 1]) == 2


class _ShiftedTokenizer:
    """Another vocabulary: the same text gives different ids."""

    def __init__(self, inner: object) -> None:
        self.inner = inner

    def encode(self, text: str, *, parse_special: bool = False,
               add_bos: bool | None = None) -> list[int]:
        return [i + 1 for i in self.inner.encode(text, add_bos=add_bos)]  # type: ignore[attr-defined]


def test_vocabulary_mismatch_is_refused(variants: dict[str, Path]) -> None:
    lm = load_model(variants["ref"])
    n = vocabulary_size(lm.info)
    check_same_vocabulary("a", lm.tokenizer, n, "b", lm.tokenizer, n)
    with pytest.raises(OrchardError, match="different vocabularies"):
        check_same_vocabulary("a", lm.tokenizer, n, "b", lm.tokenizer, n + 64)
    with pytest.raises(OrchardError, match="different vocabularies"):
        check_same_vocabulary("a", lm.tokenizer, n, "b",
                              _ShiftedTokenizer(lm.tokenizer), n)  # type: ignore[arg-type]


def test_comparison_refuses_models_of_another_vocabulary(
    variants: dict[str, Path], tiny_mlx_model: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tiny_mlx_model("qwen2")  # another architecture, the same tokenizer: accepted
    c = Comparison([variants["ref"], other], CompareSettings(quality_text=SHORT_TEXT))
    list(c.run())
    assert c.results[1].quality is not None
    # the same pair, but the second model reports another vocabulary size
    import inference.eval.compare as compare_mod

    sizes = iter([416, 999, 416])
    monkeypatch.setattr(compare_mod, "vocabulary_size", lambda lm: next(sizes))
    c = Comparison([variants["ref"], other, variants["8bit"]],
                   CompareSettings(quality_text=SHORT_TEXT))
    failed = [e for e in c.run() if e.kind == "failed"]
    # that rung alone fails, in one sentence; the others are measured
    assert [e.index for e in failed] == [1] and "different vocabularies" in failed[0].message
    assert c.results[1].quality is None and c.results[1].error == failed[0].message
    assert c.results[2].quality is not None and c.results[2].quality.kl is not None


def test_bad_requests_are_refused(variants: dict[str, Path]) -> None:
    with pytest.raises(OrchardError, match="2 to 4 models"):
        Comparison([variants["ref"]], CompareSettings(prompt="Hi"))
    with pytest.raises(OrchardError, match="prompt"):
        Comparison([variants["ref"], variants["8bit"]], CompareSettings())
    with pytest.raises(OrchardError, match="is not an MLX quantization"):
        quantize(variants["ref"], "/nonexistent/x", bits=7)


def test_quantized_folder_loads_and_chats(variants: dict[str, Path]) -> None:
    lm = load_model(variants["3bit"])
    assert lm.info.format == "mlx" and lm.info.quantization == "3-bit"
    assert lm.template.source == "chat_template.jinja" or lm.own_template is not None
    s = ChatSession(lm, settings=SamplingSettings(temperature=0.0, max_tokens=5))
    final = [c for c in s.send("Hello") if c.finish_reason][0]
    assert final.generation_tokens > 0


def test_quantize_from_gguf_writes_a_loadable_folder(
    tiny_gguf: Callable[..., Path], tmp_path: Path
) -> None:
    src = tiny_gguf("llama", "F16")
    result = quantize(src, tmp_path / "q4", bits=4, group_size=32)
    names = {p.name for p in result.folder.iterdir()}
    assert {"config.json", "tokenizer.json", "model.safetensors"} <= names
    lm = load_model(result.folder)
    gguf = load_model(src, exact=True)
    assert lm.tokenizer.encode("The orchard 果樹園") == gguf.tokenizer.encode("The orchard 果樹園")
    assert lm.own_template is not None  # the GGUF's chat template came along
    s = ChatSession(lm, settings=SamplingSettings(temperature=0.0, max_tokens=4))
    assert [c for c in s.send("Hi") if c.finish_reason][0].generation_tokens > 0


def test_quantize_refuses_a_non_empty_folder(variants: dict[str, Path]) -> None:
    with pytest.raises(OrchardError, match="not empty"):
        quantize(variants["ref"], variants["8bit"], bits=4)


@pytest.mark.starter
def test_starter_exact_against_mlx_variants_full_table(
    starter_gguf: Path, tmp_path: Path
) -> None:
    q8 = quantize(starter_gguf, tmp_path / "q8", bits=8).folder
    q4 = quantize(starter_gguf, tmp_path / "q4", bits=4).folder
    c = Comparison([starter_gguf, q8, q4],
                   CompareSettings(prompt="Say hi.", max_tokens=4, exact=True, reference=0,
                                   quality_text=builtin_text("en")[:300]))
    list(c.run())
    ref, r8, r4 = c.results
    assert all(r.error is None and r.generation_tokens > 0 for r in c.results)
    assert ref.quality is not None and r8.quality is not None and r4.quality is not None
    assert r8.quality.kl is not None and r4.quality.kl is not None
    assert r8.quality.kl < r4.quality.kl
    rows = c.report().rows()
    assert len(rows) == 3 and all(cell != "" for cell in rows[2][:12])


def test_a_gguf_counts_the_files_own_parameters(tiny_gguf: Callable[..., Path]) -> None:
    """Run as published, its layers hold wire bytes: counting them as packed weights gave a
    parameter count several times too high and a bits-per-weight figure several times low."""
    from inference.gguf.reader import read_gguf

    path = tiny_gguf("llama", "Q8_0")
    c = Comparison([path, tiny_gguf("llama", "F32")],
                   CompareSettings(prompt="hi", max_tokens=2))
    list(c.run())
    tensors = read_gguf(path).tensors.values()
    expected = sum(t.n_elements for t in tensors)
    assert c.results[0].parameters == expected
    # bits per weight as llama.cpp counts them: tensor bytes, not the metadata and tokenizer
    # (Q8_0: 34 bytes for 32 weights, 8.5 bits, for every tensor the writer quantized)
    assert c.results[0].bits_per_weight == pytest.approx(
        sum(t.nbytes for t in tensors) * 8 / expected)
    assert c.results[0].bits_per_weight < path.stat().st_size * 8 / expected


def _full_kl(ref_lm: object, lm: object, ids: list[int]) -> float:
    """KL(P_ref || P) over the whole vocabulary, as the mean over the same positions."""
    import mlx.core as mx

    from inference.eval.quality import _log_probs, windows

    total, n = 0.0, 0
    for w, first in windows(ids, 64):
        ref_logp = _log_probs(ref_lm, w, first)  # type: ignore[arg-type]
        logp = _log_probs(lm, w, first)  # type: ignore[arg-type]
        kl = mx.sum(mx.exp(ref_logp) * (ref_logp - logp), axis=-1)
        total += float(mx.sum(kl).item())
        n += kl.shape[0]
    return total / n


def test_the_top_k_reference_is_a_tight_lower_bound_of_the_full_kl(
    variants: dict[str, Path],
) -> None:
    ref_lm, q3 = load_model(variants["ref"]), load_model(variants["3bit"])
    ids = tokenize_text(ref_lm.tokenizer, SHORT_TEXT)
    full = _full_kl(ref_lm, q3, ids)
    assert full > 0.01  # a 3-bit copy of random weights really differs
    bounds = []
    for k in (16, 256):
        _, ref = score_reference(ref_lm, ids, window=64, top_k=k)
        assert ref.top_ids.shape == (len(ref.nll), k)
        kl = score_against(q3, ref).kl
        assert kl is not None and kl <= full + 1e-5  # merging outcomes never adds divergence
        bounds.append(kl)
    # more kept tokens, closer to the full figure; random weights spread their mass thinly
    # over the 448 tokens (a trained model's is far peakier), and still 256 keep most of it
    assert bounds[0] < bounds[1] and bounds[1] >= 0.75 * full
    # the reference against its own kept scores: the floor of the method is zero
    _, ref = score_reference(ref_lm, ids, window=64, top_k=16)
    assert score_against(ref_lm, ref).kl == pytest.approx(0.0, abs=1e-6)


def test_a_stored_reference_is_reused_for_the_same_model_text_and_settings(
    variants: dict[str, Path],
) -> None:
    from inference.eval import reference_cache

    def measure(text: str, **kw: object) -> Comparison:
        kw.setdefault("window", 64)
        c = Comparison([variants["ref"], variants["3bit"]],
                       CompareSettings(quality_text=text, **kw))  # type: ignore[arg-type]
        list(c.run())
        return c

    first = measure(SHORT_TEXT)
    assert not first.results[0].reference_reused
    stored = list(reference_cache.references_dir().glob("ref-*.npz"))
    assert len(stored) == 1
    again = measure(SHORT_TEXT)
    assert again.results[0].reference_reused  # the reference was not run over the text
    assert again.results[0].load_s == 0.0  # nor loaded at all: its tokenizer was enough
    assert again.results[0].bits_per_weight == first.results[0].bits_per_weight
    events = Comparison([variants["ref"], variants["3bit"]],
                        CompareSettings(quality_text=SHORT_TEXT, window=64)).run()
    assert [e.kind for e in events if e.index == 0] == ["quality"]
    assert again.results[0].quality == first.results[0].quality
    q1, q2 = first.results[1].quality, again.results[1].quality
    assert q1 is not None and q2 is not None and q2.kl == pytest.approx(q1.kl, rel=1e-6)
    # another text, window or k never matches
    assert not measure(SHORT_TEXT[:500]).results[0].reference_reused
    assert not measure(SHORT_TEXT, window=32).results[0].reference_reused
    assert not measure(SHORT_TEXT, top_k=8).results[0].reference_reused
    # a damaged file is scored afresh (and replaced), never trusted
    whole = stored[0].read_bytes()
    for damage in (b"not an npz", b"", whole[: len(whole) // 2],
                   whole[:100] + bytes([whole[100] ^ 0xFF]) + whole[101:]):
        stored[0].write_bytes(damage)
        assert not measure(SHORT_TEXT).results[0].reference_reused
        assert measure(SHORT_TEXT).results[0].reference_reused
    # and the user can keep nothing on disk
    before = set(reference_cache.references_dir().glob("ref-*.npz"))
    measure(SHORT_TEXT[:300], store_reference=False)
    assert set(reference_cache.references_dir().glob("ref-*.npz")) == before


def test_a_stopped_measure_resumes_where_it_left_off(variants: dict[str, Path]) -> None:
    """Stop keeps the reference's windows scored so far; the next Measure runs only the rest
    and ends with the figures of a measure never stopped."""

    def measure(stop_at: int | None = None, **kw: object) -> tuple[Comparison, list[int]]:
        c = Comparison([variants["ref"], variants["3bit"]],
                       CompareSettings(quality_text=builtin_text("en"), window=64,
                                       quality_max_tokens=512, **kw))  # type: ignore[arg-type]
        done: list[int] = []

        def progress(i: int, k: int, total: int) -> None:
            if i == 0:
                done.append(k)
                if k == stop_at:
                    c.cancel.set()  # Stop pressed while window k was scored

        c.on_progress = progress
        list(c.run())
        return c, done

    # progress is in tokens read: windows of 64
    stopped, done = measure(stop_at=3 * 64)
    assert done == [64, 128, 192] and stopped.results[0].quality is None
    resumed, done = measure()
    assert done == [320, 384, 448, 512]  # windows 1-4 were kept (the 4th ended as Stop was seen)
    assert not resumed.results[0].reference_reused
    whole, _ = measure(store_reference=False)
    for a, b in zip(resumed.results, whole.results, strict=True):
        assert a.quality is not None and b.quality is not None
        assert a.quality.ppl == pytest.approx(b.quality.ppl, rel=1e-5)
        assert (a.quality.kl or 0) == pytest.approx(b.quality.kl or 0, rel=1e-4, abs=1e-7)
    again, done = measure()
    assert again.results[0].reference_reused and done == [1]  # now complete: reused whole


def test_too_short_a_window_or_text_is_one_sentence(variants: dict[str, Path]) -> None:
    lm = load_model(variants["ref"])
    with pytest.raises(OrchardError, match="at least 3 tokens"):
        score_reference(lm, tokenize_text(lm.tokenizer, SHORT_TEXT), window=2)
    with pytest.raises(OrchardError, match="at least three tokens"):
        tokenize_text(lm.tokenizer, "ab")


def test_a_model_against_itself_with_a_quantized_kv_cache_shows_what_the_cache_costs(
    tiny_mlx_model: Callable[..., Path],
) -> None:
    """``model@kv8`` and ``model@kv4`` are rungs of one model: the reference is the model with
    its 16-bit cache (whatever the order), and the KL grows as the cache loses bits."""
    wide = str(tiny_mlx_model("llama", wide=True))  # heads of 64: MLX quantizes those
    c = Comparison([f"{wide}@kv4", f"{wide}@kv8", wide],
                   CompareSettings(prompt="Hi", max_tokens=4, quality_text=SHORT_TEXT,
                                   window=64, store_reference=False))
    events = list(c.run())
    assert c.reference == 2
    assert not [e for e in events if e.kind == "failed"]
    kv4, kv8, full = (r for r in c.results)
    assert kv4.name.endswith("(KV cache 4-bit)") and kv8.name.endswith("(KV cache 8-bit)")
    assert full.quality is not None  # the reference
    assert kv8.quality is not None and kv4.quality is not None
    assert kv8.quality.kl is not None and kv4.quality.kl is not None
    assert 0 < kv8.quality.kl < kv4.quality.kl
    assert kv4.memory_estimate_bytes < kv8.memory_estimate_bytes < full.memory_estimate_bytes
    assert kv4.reply and kv8.reply  # they answer, with their caches quantized
    with pytest.raises(OrchardError, match="16, 8 or 4 bits"):
        Comparison([wide, f"{wide}@kv3"], CompareSettings(prompt="Hi"))
