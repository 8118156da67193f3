"""Certification: every file type llama.cpp writes runs as published, for every family.

The files are llama.cpp's own (its quantizer, on the F16 of each tiny fixture model) and its
logits on them are the goldens; ``tests/data/gguf/make_goldens.py`` made both (see its
docstring). Two checks per file, as the engine issue asks:

(a) against the file's exact values (every tensor dequantized by gguf-py, computed in
    float32), Orchard's logits have a mean KL of at most 1e-4 nats;
(b) against llama.cpp on the same file and tokens, perplexity within 1% and top-1
    agreement of at least 97%. llama.cpp's CPU backend rounds activations to 8 bits for
    quantized dot products, so (b) is looser than (a) on purpose.

The tiny models have random weights: their next-token distributions are nearly flat, and
llama.cpp's 8-bit activations flip near-ties, so even the exact values agree with
llama.cpp on only 92-99% of top-1 choices there. On them, (b) asks that Orchard be as close
to llama.cpp as the exact values are (KL, and top-1 within one token). The real starter
model is held to perplexity within 1% of llama.cpp's; its top-1 bar is explained there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import mlx.core as mx
import numpy as np
import pytest
from mlx.utils import tree_flatten

from inference.gguf.architectures import build_model
from inference.gguf.native import CONVERTED, NATIVE, REFERENCE, library_problem
from inference.gguf.reader import read_gguf
from inference.model.load import inspect_model
from tests.fixtures.tiny_models import ARCHS

DATA = Path(__file__).parents[2] / "data" / "gguf"
MANIFEST: dict[str, Any] = json.loads((DATA / "manifest.json").read_text())
TOKENS: list[int] = MANIFEST["tokens"]
FILES: dict[str, dict[str, Any]] = MANIFEST["files"]
#: llama.cpp's ternary types: mlx-kquant has no codec for them, so those tensors are expanded
#: to their exact float16 values (the file says "converted"); every other tensor of the file
#: still runs as published. Q1_0: neither mlx-kquant nor gguf-py reads it.
CONVERTED_TYPES = {"TQ1_0", "TQ2_0"}
UNREADABLE_TYPES = {"Q1_0"}
RUNNABLE = sorted(k for k, v in FILES.items() if v["type"] not in UNREADABLE_TYPES)
GOLDEN_KEYS = set(np.load(DATA / "goldens.npz").files)

needs_kquant = pytest.mark.skipif(
    library_problem() is not None, reason=f"mlx-kquant cannot run here: {library_problem()}"
)


def _log_softmax(x: np.ndarray) -> np.ndarray:
    x = x.astype(np.float64)
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def kl_mean(reference: np.ndarray, other: np.ndarray) -> float:
    """Mean over positions of KL(reference || other), from logits."""
    p, q = _log_softmax(reference), _log_softmax(other)
    return float((np.exp(p) * (p - q)).sum(-1).mean())


def perplexity(logits: np.ndarray, tokens: list[int]) -> float:
    """llama.cpp's definition: exp of the mean negative log-likelihood of each next token."""
    lp = _log_softmax(logits[:-1])
    nll = -lp[np.arange(len(tokens) - 1), tokens[1:]]
    return float(np.exp(nll.mean()))


def _path(key: str, tiny_gguf: Callable[..., Path]) -> Path:
    entry = FILES[key]
    if entry["committed"]:
        return DATA / f"{key}.gguf"
    # F16/BF16: the fixture writer's own file, which the goldens were computed on
    path = tiny_gguf(entry["family"], entry["type"], wide=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == entry["sha256"], (
        f"the fixture no longer writes the file llama.cpp saw for {key}: regenerate the goldens "
        "with tests/data/gguf/make_goldens.py"
    )
    return path


def _logits(path: Path, weights: str) -> np.ndarray:
    """Logits of ``weights`` = REFERENCE, or of the path Orchard chooses (checked to be it)."""
    model, _, used = build_model(
        read_gguf(path), weights=REFERENCE if weights == REFERENCE else None
    )
    assert used == weights
    out = model(mx.array([TOKENS]))
    return np.array(out[0].astype(mx.float32))


def test_every_family_and_every_type_llama_cpp_writes_is_covered() -> None:
    families = {v["family"] for v in FILES.values()}
    assert families >= {"llama", "qwen2", "qwen3", "gemma2", "gemma3", "qwen3moe", "gptneox"}
    llama_types = {v["type"] for v in FILES.values() if v["family"] == "llama"}
    assert llama_types >= {"F16", "BF16", "Q8_0", "Q5_1", "Q5_0", "Q4_1", "Q4_0", "Q6_K",
                           "Q5_K_M", "Q4_K_M", "Q4_K_S", "Q3_K_M", "Q3_K_S", "Q2_K", "IQ4_NL",
                           "IQ4_XS", "IQ3_M", "IQ3_S", "TQ2_0", "TQ1_0", "Q2_0", "Q1_0"}
    # what llama.cpp would not write without an importance matrix is named, not silently lost
    assert set(MANIFEST["refused"]) >= {"llama-Q2_K_S", "llama-IQ3_XS", "llama-IQ3_XXS"}


@needs_kquant
@pytest.mark.parametrize("key", RUNNABLE)
def test_runs_the_files_exact_values(key: str, tiny_gguf: Callable[..., Path]) -> None:
    path = _path(key, tiny_gguf)
    expected = CONVERTED if FILES[key]["type"] in CONVERTED_TYPES else NATIVE
    assert inspect_model(path).weights == expected
    got = _logits(path, expected)
    exact = _logits(path, REFERENCE)
    assert kl_mean(exact, got) <= 1e-4


@needs_kquant
@pytest.mark.parametrize("key", [k for k in RUNNABLE if k in GOLDEN_KEYS])
def test_agrees_with_llama_cpp(key: str, tiny_gguf: Callable[..., Path]) -> None:
    path = _path(key, tiny_gguf)
    expected = CONVERTED if FILES[key]["type"] in CONVERTED_TYPES else NATIVE
    got = _logits(path, expected)
    exact = _logits(path, REFERENCE)
    golden = np.load(DATA / "goldens.npz")[key].astype(np.float32)
    ours, theirs = perplexity(got, TOKENS), perplexity(golden, TOKENS)
    assert abs(ours / theirs - 1) <= 0.01, (ours, theirs)
    # as close to llama.cpp as the file's exact values are (see the module docstring)
    assert kl_mean(golden, got) <= 1.25 * kl_mean(golden, exact) + 1e-6
    one_token = 1 / len(TOKENS) + 1e-9
    assert top1(got, golden) >= top1(exact, golden) - one_token


@pytest.mark.parametrize("qtype", ["F16", "BF16"])
@pytest.mark.parametrize("family", ARCHS)
def test_half_precision_weights_compute_in_float32(
    family: str, qtype: str, tiny_gguf: Callable[..., Path]
) -> None:
    """Every family's F16 and BF16 file (the converter's output; phi3's too, which this
    llama.cpp would not load for goldens) computes as llama.cpp does: weights as stored,
    activations in float32. So it reads as the same values in float32 do, and the yardstick
    itself holds float32 (before, it kept F16 tensors as float16 and ran in float16 too)."""
    f = read_gguf(tiny_gguf(family, qtype, wide=True))
    model, _, used = build_model(f)
    ids = mx.array([TOKENS])
    embed = model.model.embed_in if family == "gptneox" else model.model.embed_tokens
    assert embed(ids).dtype == mx.float32  # the residual stream starts in float32
    got = np.array(model(ids)[0].astype(mx.float32))
    reference, _, _ = build_model(f, weights=REFERENCE)
    leaves = cast(list[tuple[str, mx.array]], tree_flatten(reference.parameters()))
    assert {v.dtype for _, v in leaves} == {mx.float32}
    exact = np.array(reference(ids)[0].astype(mx.float32))
    assert kl_mean(exact, got) <= 1e-6


def top1(a: np.ndarray, b: np.ndarray) -> float:
    return float((a.argmax(-1) == b.argmax(-1)).mean())


@needs_kquant
@pytest.mark.starter
def test_the_starter_runs_as_published_and_agrees_with_llama_cpp(starter_gguf: Path) -> None:
    golden = json.loads((DATA / "starter.json").read_text())
    assert hashlib.sha256(starter_gguf.read_bytes()).hexdigest() == golden["sha256"]
    tokens = golden["tokens"]
    f = read_gguf(starter_gguf)
    model, _, used = build_model(f, weights=NATIVE)
    assert used == NATIVE
    got = np.array(model(mx.array([tokens]))[0].astype(mx.float32))
    del model
    theirs = float(np.exp(np.mean(golden["nll"])))
    assert abs(perplexity(got, tokens) / theirs - 1) <= 0.01
    # (a) against its exact values (float32 on the reference BLAS of MLX's Linux wheel is
    # slow: the first 64 tokens are enough to resolve 1e-4)
    reference, _, _ = build_model(f, weights=REFERENCE)
    head = tokens[:64]
    exact_head = np.array(reference(mx.array([head]))[0].astype(mx.float32))
    assert kl_mean(exact_head, got[: len(head)]) <= 1e-4
    # top-1: measured 96.5% for Orchard over these 256 tokens, and 96.1% for the exact values
    # themselves: llama.cpp's CPU backend (8-bit activations) flips about 4% of this text's
    # choices, so the 97% bar is out of reach of exact arithmetic. Orchard must
    # agree at least as well as the exact values do on the first 64 tokens, and never below
    # 95% over all of them.
    llama_top1 = np.array(golden["top1"])
    agree = float((got.argmax(-1) == llama_top1).mean())
    assert agree >= 0.95, agree
    head_agree = float((got[: len(head)].argmax(-1) == llama_top1[: len(head)]).mean())
    exact_agree = float((exact_head.argmax(-1) == llama_top1[: len(head)]).mean())
    assert head_agree >= exact_agree - 1 / len(head) - 1e-9, (head_agree, exact_agree)


def test_a_type_nothing_here_can_read_is_one_sentence() -> None:
    from inference.errors import UnsupportedModelError

    with pytest.raises(UnsupportedModelError, match=r"uses the Q1_0 tensor type, which Orchard "
                                                    r"cannot read yet\.$"):
        inspect_model(DATA / "llama-Q1_0.gguf")
