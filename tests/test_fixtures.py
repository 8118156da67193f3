"""The tiny-model fixtures themselves: MLX folders load and generate, GGUF files read back with
llama.cpp's names and types, the K-quant encoders round-trip, and the converter's weight
transformations (llama permute, gemma +1, GPT-NeoX qkv reorder) are really applied."""

from __future__ import annotations

import json
from pathlib import Path

import gguf
import mlx.core as mx
import numpy as np
import pytest
from gguf import GGMLQuantizationType as Q

from tests.fixtures import kquants
from tests.fixtures.gguf_writer import QTYPES, llama_permute
from tests.fixtures.tiny_models import ARCHS

BLOCK_TENSORS = {
    "llama": ["attn_norm.weight", "attn_q.weight", "attn_k.weight", "attn_v.weight",
              "attn_output.weight", "ffn_norm.weight", "ffn_gate.weight", "ffn_up.weight",
              "ffn_down.weight"],
    "phi3": ["attn_norm.weight", "attn_qkv.weight", "attn_output.weight", "ffn_norm.weight",
             "ffn_up.weight", "ffn_down.weight"],
    "gemma2": ["attn_norm.weight", "attn_q.weight", "attn_k.weight", "attn_v.weight",
               "attn_output.weight", "post_attention_norm.weight", "ffn_norm.weight",
               "ffn_gate.weight", "ffn_up.weight", "ffn_down.weight", "post_ffw_norm.weight"],
    "gptneox": [f"{t}.{s}" for t in ("attn_norm", "attn_qkv", "attn_output", "ffn_norm",
                                     "ffn_up", "ffn_down") for s in ("weight", "bias")],
}
BLOCK_TENSORS["qwen2"] = BLOCK_TENSORS["llama"] + ["attn_q.bias", "attn_k.bias", "attn_v.bias"]
BLOCK_TENSORS["qwen3"] = BLOCK_TENSORS["llama"] + ["attn_q_norm.weight", "attn_k_norm.weight"]
BLOCK_TENSORS["gemma3"] = BLOCK_TENSORS["gemma2"] + ["attn_q_norm.weight", "attn_k_norm.weight"]
BLOCK_TENSORS["qwen3moe"] = [
    n for n in BLOCK_TENSORS["qwen3"] if not n.startswith(("ffn_gate", "ffn_up", "ffn_down"))
] + ["ffn_gate_inp.weight", "ffn_gate_exps.weight", "ffn_up_exps.weight", "ffn_down_exps.weight"]
GGUF_ARCH = {"gptneox": "gptneox"}
TIED = {"qwen3", "gemma2", "gemma3"}


def expected_names(arch: str) -> set[str]:
    names = {"token_embd.weight", "output_norm.weight"}
    if arch not in TIED:
        names.add("output.weight")
    if arch == "gptneox":
        names.add("output_norm.bias")
    for b in range(2):
        names.update(f"blk.{b}.{t}" for t in BLOCK_TENSORS[arch])
    return names


def read(path: Path) -> tuple[gguf.GGUFReader, dict[str, gguf.ReaderTensor]]:
    reader = gguf.GGUFReader(path)
    return reader, {t.name: t for t in reader.tensors}


def field(reader: gguf.GGUFReader, key: str):  # noqa: ANN201
    return reader.fields[key].contents()


def dequant(t: gguf.ReaderTensor) -> np.ndarray:
    shape = tuple(int(x) for x in reversed(t.shape))
    return gguf.quants.dequantize(t.data, t.tensor_type).reshape(shape)


def mlx_weights(folder: Path) -> dict[str, np.ndarray]:
    return {k: np.array(v) for k, v in mx.load(str(folder / "model.safetensors")).items()}


@pytest.mark.parametrize("arch", ARCHS)
def test_mlx_folder_loads_and_generates(arch: str, tiny_mlx_model) -> None:
    import mlx_lm

    folder = tiny_mlx_model(arch)
    config = json.loads((folder / "config.json").read_text())
    assert config["model_type"] and config["vocab_size"] % 32 == 0
    model, tokenizer = mlx_lm.load(str(folder))
    assert tokenizer.eos_token_id == 2
    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": "こんにちは, orchard!"}], add_generation_prompt=True
    )
    assert prompt[0] == 1  # <|im_start|>
    logits = model(mx.array([prompt]))
    assert logits.shape == (1, len(prompt), config["vocab_size"])
    assert float(logits.std()) > 0.1  # not degenerate
    text = mlx_lm.generate(model, tokenizer, prompt=prompt, max_tokens=4)
    assert isinstance(text, str)


@pytest.mark.parametrize("qtype", list(QTYPES))
@pytest.mark.parametrize("arch", ARCHS)
def test_gguf_reads_back(arch: str, qtype: str, tiny_gguf, tiny_mlx_model) -> None:
    reader, tensors = read(tiny_gguf(arch, qtype))
    config = json.loads((tiny_mlx_model(arch) / "config.json").read_text())
    gguf_arch = GGUF_ARCH.get(arch, arch)
    assert field(reader, "general.architecture") == gguf_arch
    assert set(tensors) == expected_names(arch)
    assert field(reader, f"{gguf_arch}.block_count") == 2
    assert field(reader, f"{gguf_arch}.embedding_length") == 64
    assert field(reader, "tokenizer.ggml.model") == "gpt2"
    assert field(reader, "tokenizer.ggml.eos_token_id") == 2
    assert len(field(reader, "tokenizer.ggml.tokens")) == config["vocab_size"]
    assert field(reader, "tokenizer.ggml.token_type")[:3] == [3, 3, 3]
    assert field(reader, "tokenizer.ggml.tokens")[:3] == ["<|endoftext|>", "<|im_start|>",
                                                          "<|im_end|>"]
    assert "<|im_start|>" in field(reader, "tokenizer.chat_template")
    base = QTYPES[qtype][0]
    for name, t in tensors.items():
        if len(t.shape) == 1 or name.endswith("ffn_gate_inp.weight"):  # MoE routers stay F32
            assert t.tensor_type == Q.F32, name
        elif qtype in ("F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0"):
            assert t.tensor_type == base, name


def test_mixed_q4_k_m_types_on_wide_model(tiny_gguf) -> None:
    _, tensors = read(tiny_gguf("llama", "mixed_q4_k_m", wide=True))
    types = {n: t.tensor_type for n, t in tensors.items()}
    assert types["output.weight"] == Q.Q6_K
    assert types["token_embd.weight"] == Q.Q4_K
    # one layer: it is the last one, where use_more_bits gives attn_v and ffn_down Q6_K
    assert types["blk.0.attn_v.weight"] == Q.Q6_K and types["blk.0.ffn_down.weight"] == Q.Q6_K
    assert types["blk.0.attn_q.weight"] == Q.Q4_K
    _, tensors = read(tiny_gguf("gemma3", "mixed_q4_k_m", wide=True))  # two layers
    assert tensors["blk.0.attn_v.weight"].tensor_type == Q.Q4_K
    assert tensors["blk.1.attn_v.weight"].tensor_type == Q.Q6_K
    _, tensors = read(tiny_gguf("phi3", "mixed_q4_k_m", wide=True))
    assert tensors["blk.0.attn_qkv.weight"].tensor_type == Q.Q5_K
    _, tensors = read(tiny_gguf("qwen3", "mixed_q4_k_m", wide=True))  # tied: embd is the output
    assert tensors["token_embd.weight"].tensor_type == Q.Q6_K


def test_narrow_rows_fall_back_like_llama_quantize(tiny_gguf) -> None:
    _, tensors = read(tiny_gguf("llama", "Q4_K"))
    assert tensors["blk.0.attn_q.weight"].tensor_type == Q.Q5_0  # 64-wide rows
    _, tensors = read(tiny_gguf("llama", "Q6_K"))
    assert tensors["output.weight"].tensor_type == Q.Q8_0


@pytest.mark.parametrize(
    ("qtype", "levels"), [(Q.Q4_K, 15), (Q.Q5_K, 31), (Q.Q6_K, 63)]
)
def test_kquant_round_trip(qtype: Q, levels: int) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(0.0, 0.05, (6, 512)).astype(np.float32)
    x[0, :256] = np.abs(x[0, :256]) + 0.1  # a block with no negative values
    x[1, :256] = 0.0  # an all-zero block
    x[2, 256:] *= 100.0  # a large block
    data = kquants.quantize(x, qtype)
    assert data.dtype == np.uint8
    assert data.shape == (6, 2 * gguf.GGML_QUANT_SIZES[qtype][1])
    y = gguf.quants.dequantize(data, qtype)
    assert y.shape == x.shape
    sub = 16 if qtype == Q.Q6_K else 32
    xs, err = x.reshape(-1, sub), np.abs(y - x).reshape(-1, sub)
    if qtype == Q.Q6_K:  # symmetric: q - 32 in [-31, 31]
        span = 2 * np.abs(xs).max(-1)
    else:  # affine with a non-positive offset
        span = xs.max(-1) - np.minimum(xs.min(-1), 0.0)
    block_span = np.repeat(np.abs(x).reshape(-1, 256).max(-1) * 2, 256 // sub)
    bound = 0.5 * span / levels + block_span / (levels * 63) + 1e-7
    assert np.all(err.max(-1) <= bound)
    assert np.all(y[1, :256] == 0.0)


def test_llama_q_k_are_permuted(tiny_gguf, tiny_mlx_model) -> None:
    """Undo llama.cpp's permute in numpy and get the MLX (HF-order) q/k weights back."""
    folder = tiny_mlx_model("llama")
    config = json.loads((folder / "config.json").read_text())
    n_head, n_kv = config["num_attention_heads"], config["num_key_value_heads"]
    weights = mlx_weights(folder)
    _, tensors = read(tiny_gguf("llama", "F32"))

    def unpermute(w: np.ndarray, heads: int) -> np.ndarray:
        return w.reshape(heads, w.shape[0] // heads // 2, 2, -1).swapaxes(1, 2).reshape(w.shape)

    for b in range(2):
        q = dequant(tensors[f"blk.{b}.attn_q.weight"])
        k = dequant(tensors[f"blk.{b}.attn_k.weight"])
        hf_q = weights[f"model.layers.{b}.self_attn.q_proj.weight"]
        hf_k = weights[f"model.layers.{b}.self_attn.k_proj.weight"]
        assert not np.array_equal(q, hf_q)
        np.testing.assert_array_equal(unpermute(q, n_head), hf_q)
        np.testing.assert_array_equal(unpermute(k, n_kv), hf_k)
        np.testing.assert_array_equal(llama_permute(hf_k, n_head, n_kv), k)
        v = dequant(tensors[f"blk.{b}.attn_v.weight"])
        np.testing.assert_array_equal(v, weights[f"model.layers.{b}.self_attn.v_proj.weight"])


def test_llama_permuted_weights_match_traditional_rope(tiny_gguf, tiny_mlx_model) -> None:
    """The permuted GGUF weights in an mlx-lm llama with rope_traditional=True give the same
    logits as the original model (llama.cpp's NORM rope is MLX's traditional rope)."""
    from mlx.utils import tree_flatten
    from mlx_lm.models import llama

    folder = tiny_mlx_model("llama")
    config = json.loads((folder / "config.json").read_text())
    names = {"token_embd.weight": "model.embed_tokens.weight", "output.weight": "lm_head.weight",
             "output_norm.weight": "model.norm.weight"}
    per_block = {"attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
                 "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj",
                 "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj",
                 "ffn_down": "mlp.down_proj", "attn_norm": "input_layernorm",
                 "ffn_norm": "post_attention_layernorm"}
    _, tensors = read(tiny_gguf("llama", "F32"))
    weights = {}
    for name, t in tensors.items():
        if name.startswith("blk."):
            _, b, kind, suffix = name.split(".")
            hf = f"model.layers.{b}.{per_block[kind]}.{suffix}"
        else:
            hf = names[name]
        weights[hf] = mx.array(dequant(t))
    reference = llama.Model(llama.ModelArgs.from_dict(config))
    reference.load_weights(list(mx.load(str(folder / "model.safetensors")).items()))
    converted = llama.Model(llama.ModelArgs.from_dict({**config, "rope_traditional": True}))
    converted.load_weights(list(weights.items()))
    assert len(weights) == len(tree_flatten(converted.parameters()))
    tokens = mx.array([[1, 5, 60, 200, 33, 7, 99, 2, 150, 301]])
    np.testing.assert_allclose(np.array(converted(tokens)), np.array(reference(tokens)),
                               atol=1e-4, rtol=1e-4)


def test_gptneox_qkv_reordered_to_blocks(tiny_gguf, tiny_mlx_model) -> None:
    folder = tiny_mlx_model("gptneox")
    weights = mlx_weights(folder)
    _, tensors = read(tiny_gguf("gptneox", "F32"))
    n_head, head_dim, n_embd = 4, 16, 64
    for b in range(2):
        w = weights[f"model.h.{b}.attention.query_key_value.weight"]  # per head [q_h; k_h; v_h]
        bias = weights[f"model.h.{b}.attention.query_key_value.bias"]
        qkv = dequant(tensors[f"blk.{b}.attn_qkv.weight"])
        qkv_b = dequant(tensors[f"blk.{b}.attn_qkv.bias"])
        per_head = w.reshape(n_head, 3, head_dim, n_embd)
        for i in range(3):  # Q, K, V blocks of n_embd rows each
            np.testing.assert_array_equal(
                qkv[i * n_embd:(i + 1) * n_embd], per_head[:, i].reshape(n_embd, n_embd)
            )
            np.testing.assert_array_equal(
                qkv_b[i * n_embd:(i + 1) * n_embd], bias.reshape(n_head, 3, head_dim)[:, i].ravel()
            )


def test_gemma2_norms_get_plus_one(tiny_gguf, tiny_mlx_model) -> None:
    weights = mlx_weights(tiny_mlx_model("gemma2"))
    reader, tensors = read(tiny_gguf("gemma2", "F32"))
    np.testing.assert_allclose(dequant(tensors["output_norm.weight"]),
                               weights["model.norm.weight"] + 1)
    np.testing.assert_allclose(dequant(tensors["blk.1.post_ffw_norm.weight"]),
                               weights["model.layers.1.post_feedforward_layernorm.weight"] + 1)
    np.testing.assert_array_equal(dequant(tensors["blk.0.attn_q.weight"]),
                                  weights["model.layers.0.self_attn.q_proj.weight"])
    assert field(reader, "gemma2.attn_logit_softcapping") == pytest.approx(50.0)
    assert field(reader, "gemma2.final_logit_softcapping") == pytest.approx(30.0)
    assert field(reader, "gemma2.attention.sliding_window") == 4096


@pytest.mark.parametrize("arch", ARCHS)
def test_q8_0_close_to_source(arch: str, tiny_gguf) -> None:
    _, f32 = read(tiny_gguf(arch, "F32"))
    _, q8 = read(tiny_gguf(arch, "Q8_0"))
    for name, t in q8.items():
        ref = dequant(f32[name])
        got = dequant(t)
        assert np.abs(got - ref).max() <= np.abs(ref).max() / 127 + 1e-6, name


def test_split_shards(tiny_gguf) -> None:
    first = tiny_gguf("qwen2", "Q8_0", split=3)
    assert first.name == "tiny-qwen2-Q8_0-00001-of-00003.gguf"
    shards = sorted(first.parent.glob("*.gguf"))
    assert len(shards) == 3
    _, whole = read(tiny_gguf("qwen2", "Q8_0"))
    seen: dict[str, gguf.ReaderTensor] = {}
    for i, shard in enumerate(shards):
        reader, tensors = read(shard)
        assert field(reader, "split.no") == i
        assert field(reader, "split.count") == 3
        assert field(reader, "split.tensors.count") == len(whole)
        assert ("tokenizer.ggml.tokens" in reader.fields) == (i == 0)
        seen.update(tensors)
    assert set(seen) == set(whole)
    for name, t in seen.items():
        np.testing.assert_array_equal(t.data, whole[name].data)


@pytest.mark.starter
def test_starter_gguf(starter_gguf: Path) -> None:
    reader = gguf.GGUFReader(starter_gguf)
    assert field(reader, "general.architecture") == "llama"
    assert field(reader, "tokenizer.ggml.eos_token_id") == 2


def test_orchard_home_is_private(tmp_path: Path) -> None:
    import os

    assert os.environ["ORCHARD_HOME"].startswith(str(tmp_path))
    assert os.environ["HF_HUB_OFFLINE"] == "1"
