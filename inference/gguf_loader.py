"""Build an mlx-lm model from a validated GGUF file.

Each supported architecture maps llama.cpp's metadata keys onto the arguments of one
mlx-lm model class, and llama.cpp's tensor names onto that class's parameters. The
weights are undone from llama.cpp's converter where it changed them:

- llama: q/k rows were permuted for llama.cpp's NORM (adjacent pairs) RoPE; mlx-lm's
  llama with ``rope_traditional=True`` rotates adjacent pairs too, so they load as they are.
- qwen2, qwen3, phi3, gemma2, gptneox use NEOX RoPE in llama.cpp and were not permuted.
- gemma2: the converter stored ``1 + w`` for every RMSNorm; mlx-lm adds the 1 itself.
- gptneox: the converter reordered the fused qkv rows from per-head [q k v] to [Q; K; V].
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mlx.core as mx
import mlx.nn as nn
import numpy as np

from .errors import GGUFError, UnsupportedModelError
from .gguf_file import GGUFFile
from .gguf_weights import ConvertedTensor, convert_tensor

log = logging.getLogger(__name__)

_LAYER = re.compile(r"^blk\.(\d+)\.(.+)\.(weight|bias)$")

# llama.cpp tensor names (within a block) → mlx-lm module paths (within a layer).
_LLAMA_LAYER = {
    "attn_norm": "input_layernorm",
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "attn_q_norm": "self_attn.q_norm",
    "attn_k_norm": "self_attn.k_norm",
    "ffn_norm": "post_attention_layernorm",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
}
_LLAMA_TOP = {
    "token_embd": "model.embed_tokens",
    "output_norm": "model.norm",
    "output": "lm_head",
}
_PHI3_LAYER = {
    **_LLAMA_LAYER,
    "attn_qkv": "self_attn.qkv_proj",
    "ffn_up": "mlp.gate_up_proj",
}
_GEMMA2_LAYER = {
    **_LLAMA_LAYER,
    "post_attention_norm": "post_attention_layernorm",
    "ffn_norm": "pre_feedforward_layernorm",
    "post_ffw_norm": "post_feedforward_layernorm",
}
_GPTNEOX_LAYER = {
    "attn_norm": "input_layernorm",
    "attn_qkv": "attention.query_key_value",
    "attn_output": "attention.dense",
    "ffn_norm": "post_attention_layernorm",
    "ffn_up": "mlp.dense_h_to_4h",
    "ffn_down": "mlp.dense_4h_to_h",
}
_GPTNEOX_TOP = {
    "token_embd": "model.embed_in",
    "output_norm": "model.final_layer_norm",
    "output": "model.embed_out",
}
# Tensors llama.cpp keeps for its own RoPE implementation; we read them into the config.
_AUX_TENSORS = {"rope_freqs.weight", "rope_factors_long.weight", "rope_factors_short.weight"}


class _Meta:
    """Typed access to ``{arch}.*`` metadata keys with clear errors for missing ones."""

    def __init__(self, f: GGUFFile, arch: str) -> None:
        self.f, self.arch = f, arch

    def get(self, key: str, default: Any = None) -> Any:
        value = self.f.metadata.get(f"{self.arch}.{key}", default)
        if isinstance(value, np.ndarray):
            # Per-layer arrays (e.g. head_count_kv in some files): all equal is supported.
            if value.size and np.all(value == value.flat[0]):
                return value.flat[0].item()
            raise UnsupportedModelError(
                f"{self.f.path.name} sets a different '{key}' per layer, which Orchard does "
                "not support."
            )
        return value

    def require(self, key: str) -> Any:
        value = self.get(key)
        if value is None:
            raise GGUFError(f"{self.f.path.name} is missing the metadata key '{self.arch}.{key}'.")
        return value


@dataclass
class ArchSpec:
    model_type: str
    layer_names: dict[str, str]
    top_names: dict[str, str]
    config: Callable[[_Meta, GGUFFile], dict[str, Any]]
    layer_prefix: str = "model.layers"
    fix: Callable[[str, ConvertedTensor, dict[str, Any]], ConvertedTensor] | None = None
    notes: list[str] = field(default_factory=list)


def _vocab_size(f: GGUFFile) -> int:
    info = f.tensors.get("token_embd.weight")
    if info is None:
        raise GGUFError(f"{f.path.name} has no token embedding tensor (token_embd.weight).")
    return info.shape[1]


def _common(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    n_embd, n_head = int(m.require("embedding_length")), int(m.require("attention.head_count"))
    return {
        "hidden_size": n_embd,
        "num_hidden_layers": int(m.require("block_count")),
        "intermediate_size": int(m.require("feed_forward_length")),
        "num_attention_heads": n_head,
        "num_key_value_heads": int(m.get("attention.head_count_kv", n_head)),
        "head_dim": int(m.get("attention.key_length", n_embd // n_head)),
        "rms_norm_eps": float(m.get("attention.layer_norm_rms_epsilon", 1e-5)),
        "vocab_size": _vocab_size(f),
        "rope_theta": float(m.get("rope.freq_base", 10000.0)),
        "max_position_embeddings": int(m.get("context_length", 4096)),
        "tie_word_embeddings": "output.weight" not in f.tensors,
    }


def _llama_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    cfg = _common(m, f)
    cfg["rope_traditional"] = True  # the converter's q/k permutation (see module docstring)
    cfg["attention_bias"] = "blk.0.attn_q.bias" in f.tensors
    cfg["mlp_bias"] = "blk.0.ffn_up.bias" in f.tensors
    if m.get("rope.scaling.type") == "linear":
        cfg["rope_scaling"] = {"type": "linear", "factor": float(m.require("rope.scaling.factor"))}
    return cfg


def _qwen2_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    cfg = _common(m, f)
    cfg.pop("head_dim")
    return cfg


def _phi3_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    cfg = _common(m, f)
    head_dim = cfg.pop("head_dim")
    cfg["partial_rotary_factor"] = int(m.get("rope.dimension_count", head_dim)) / head_dim
    orig = m.get("rope.scaling.original_context_length")
    cfg["original_max_position_embeddings"] = int(orig or cfg["max_position_embeddings"])
    if "rope_factors_long.weight" in f.tensors:
        cfg["rope_scaling"] = {
            "type": "longrope",
            "long_factor": _aux(f, "rope_factors_long.weight").tolist(),
            "short_factor": _aux(f, "rope_factors_short.weight").tolist(),
        }
    return cfg


def _gemma2_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    cfg = _common(m, f)
    for key in ("max_position_embeddings", "tie_word_embeddings"):
        cfg.pop(key)
    cfg["attn_logit_softcapping"] = float(m.get("attn_logit_softcapping", 50.0))
    cfg["final_logit_softcapping"] = float(m.get("final_logit_softcapping", 30.0))
    # llama.cpp scales queries by 1/sqrt(head_dim), except for the 27B model (46 layers),
    # which uses hidden/heads; the GGUF file does not store HF's query_pre_attn_scalar.
    if cfg["num_hidden_layers"] == 46:
        cfg["query_pre_attn_scalar"] = cfg["hidden_size"] / cfg["num_attention_heads"]
    else:
        cfg["query_pre_attn_scalar"] = float(cfg["head_dim"])
    return cfg


def _gptneox_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    n_embd, n_head = int(m.require("embedding_length")), int(m.require("attention.head_count"))
    if int(m.require("feed_forward_length")) != 4 * n_embd:
        raise UnsupportedModelError(
            f"{f.path.name} is a GPT-NeoX model with a feed-forward size other than 4x the "
            "hidden size, which Orchard does not support."
        )
    head_dim = n_embd // n_head
    return {
        "hidden_size": n_embd,
        "num_hidden_layers": int(m.require("block_count")),
        "num_attention_heads": n_head,
        "layer_norm_eps": float(m.get("attention.layer_norm_epsilon", 1e-5)),
        "vocab_size": _vocab_size(f),
        "rotary_emb_base": float(m.get("rope.freq_base", 10000.0)),
        "rotary_pct": int(m.get("rope.dimension_count", head_dim)) / head_dim,
        "use_parallel_residual": bool(m.get("use_parallel_residual", True)),
        "max_position_embeddings": int(m.get("context_length", 2048)),
    }


def _gemma2_fix(name: str, t: ConvertedTensor, cfg: dict[str, Any]) -> ConvertedTensor:
    if name.endswith("layernorm.weight") or name == "model.norm.weight":
        return ConvertedTensor(weight=t.weight - 1)
    return t


def _gptneox_fix(name: str, t: ConvertedTensor, cfg: dict[str, Any]) -> ConvertedTensor:
    if ".attention.query_key_value." not in name:
        return t
    n_head = cfg["num_attention_heads"]
    head_dim = cfg["hidden_size"] // n_head

    def per_head(a: mx.array) -> mx.array:
        # rows [Q(all heads); K; V] → per head [q k v], which is what mlx-lm splits.
        rest = a.shape[1:]
        return a.reshape(3, n_head, head_dim, *rest).swapaxes(0, 1).reshape(-1, *rest)

    if t.quantized:
        assert t.scales is not None and t.biases is not None
        return ConvertedTensor(
            per_head(t.weight), per_head(t.scales), per_head(t.biases), t.bits, t.group_size
        )
    return ConvertedTensor(weight=per_head(t.weight))


ARCHITECTURES: dict[str, ArchSpec] = {
    "llama": ArchSpec("llama", _LLAMA_LAYER, _LLAMA_TOP, _llama_config),
    "qwen2": ArchSpec("qwen2", _LLAMA_LAYER, _LLAMA_TOP, _qwen2_config),
    "qwen3": ArchSpec("qwen3", _LLAMA_LAYER, _LLAMA_TOP, _common),
    "phi3": ArchSpec("phi3", _PHI3_LAYER, _LLAMA_TOP, _phi3_config),
    "gemma2": ArchSpec("gemma2", _GEMMA2_LAYER, _LLAMA_TOP, _gemma2_config, fix=_gemma2_fix),
    "gptneox": ArchSpec(
        "gpt_neox", _GPTNEOX_LAYER, _GPTNEOX_TOP, _gptneox_config,
        layer_prefix="model.h", fix=_gptneox_fix,
    ),
}


def _aux(f: GGUFFile, name: str) -> np.ndarray:
    info = f.tensors[name]
    return np.array(convert_tensor(info, f.tensor_data(name), exact=True).weight, np.float32)


def arch_spec(f: GGUFFile) -> ArchSpec:
    arch = f.metadata.get("general.architecture")
    spec = ARCHITECTURES.get(str(arch))
    if spec is None:
        raise UnsupportedModelError(f"unsupported architecture: {arch}")
    return spec


def model_config(f: GGUFFile) -> dict[str, Any]:
    """The mlx-lm ``config.json`` equivalent of this file's metadata."""
    spec = arch_spec(f)
    arch = str(f.metadata["general.architecture"])
    return {"model_type": spec.model_type, **spec.config(_Meta(f, arch), f)}


def mlx_name(spec: ArchSpec, gguf_name: str) -> str:
    top = gguf_name.rsplit(".", 1)
    if len(top) == 2 and top[0] in spec.top_names:
        return f"{spec.top_names[top[0]]}.{top[1]}"
    match = _LAYER.match(gguf_name)
    if match and match.group(2) in spec.layer_names:
        layer, kind, suffix = match.groups()
        return f"{spec.layer_prefix}.{layer}.{spec.layer_names[kind]}.{suffix}"
    raise UnsupportedModelError(
        f"tensor '{gguf_name}' is not part of the {spec.model_type} architecture Orchard knows."
    )


class _FreqRoPE(nn.Module):
    """RoPE with per-dimension frequencies from llama.cpp's ``rope_freqs`` tensor (Llama 3.1+).

    llama.cpp divides each angle by its factor; mx.fast.rope divides positions by ``freqs``.
    """

    def __init__(self, dims: int, base: float, factors: np.ndarray) -> None:
        super().__init__()
        self.dims = dims
        exponents = np.arange(0, dims, 2, dtype=np.float32) / dims
        self._freqs = mx.array(np.power(base, exponents) * factors[: dims // 2])

    def __call__(self, x: mx.array, offset: int = 0) -> mx.array:
        return mx.fast.rope(
            x, self.dims, traditional=True, base=None, scale=1.0, offset=offset, freqs=self._freqs
        )


def build_model(f: GGUFFile, *, exact: bool = False) -> tuple[nn.Module, dict[str, Any]]:
    """Create the mlx-lm model for ``f`` and load its weights. Returns (model, config)."""
    spec = arch_spec(f)
    config = model_config(f)
    module = importlib.import_module(f"mlx_lm.models.{spec.model_type}")
    model = module.Model(module.ModelArgs.from_dict(config))

    weights: dict[str, mx.array] = {}
    quant: dict[str, dict[str, int]] = {}
    for name, info in f.tensors.items():
        if name in _AUX_TENSORS:
            continue
        target = mlx_name(spec, name)
        tensor = convert_tensor(info, f.tensor_data(name), exact=exact)
        if spec.fix is not None:
            tensor = spec.fix(target, tensor, config)
        weights[target] = tensor.weight
        if tensor.quantized:
            assert tensor.scales is not None and tensor.biases is not None
            owner = target.rsplit(".", 1)[0]
            quant[owner] = {"bits": tensor.bits, "group_size": tensor.group_size}
            weights[f"{owner}.scales"] = tensor.scales
            weights[f"{owner}.biases"] = tensor.biases

    if quant:
        nn.quantize(model, class_predicate=lambda path, _m: quant.get(path, False))
    try:
        model.load_weights(list(weights.items()), strict=True)
    except ValueError as exc:
        raise GGUFError(f"{f.path.name} does not match its architecture: {exc}") from exc

    if "rope_freqs.weight" in f.tensors and spec.model_type == "llama":
        factors = _aux(f, "rope_freqs.weight")
        for layer in model.layers:
            attn = layer.self_attn
            attn.rope = _FreqRoPE(config["head_dim"], config["rope_theta"], factors)
    mx.eval(model.parameters())
    model.eval()
    return model, config
