"""Build an mlx-lm model from a validated GGUF file.

Each supported architecture maps llama.cpp's metadata keys onto the arguments of one
mlx-lm model class, and llama.cpp's tensor names onto that class's parameters. The
weights are undone from llama.cpp's converter where it changed them:

- llama: q/k rows were permuted for llama.cpp's NORM (adjacent pairs) RoPE; mlx-lm's
  llama with ``rope_traditional=True`` rotates adjacent pairs too, so they load as they are.
- qwen2, qwen3, qwen3moe, phi3, gemma2, gemma3, gptneox use NEOX RoPE in llama.cpp and were not
  permuted.
- gemma2, gemma3: the converter stored ``1 + w`` for every RMSNorm; mlx-lm adds the 1 itself.
- qwen3moe: the converter stacked each layer's experts into one (experts, out, in) tensor,
  which is the layout of mlx-lm's SwitchGLU.
- gptneox: the converter reordered the fused qkv rows from per-head [q k v] to [Q; K; V].
"""

from __future__ import annotations

import importlib
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mlx.core as mx
import mlx.nn as nn
import numpy as np

from inference.errors import GGUFError, UnsupportedModelError
from inference.gguf.native import (
    NATIVE,
    REFERENCE,
    Fix,
    library_problem,
    load_native,
    weights_path,
)
from inference.gguf.precision import float32_rows
from inference.gguf.reader import GGUFFile
from inference.gguf.weights import convert_tensor

log = logging.getLogger(__name__)

_LAYER = re.compile(r"^blk\.(\d+)\.(.+)\.(weight|bias)$")
#: Upper bound for any size in a config (hidden size, context, ...): far above real models,
#: low enough that no product of two of them overflows or allocates before the memory check.
_MAX_DIM = 1 << 24

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
_QWEN3MOE_LAYER = {
    **_LLAMA_LAYER,
    "ffn_gate_inp": "mlp.gate",  # the router
    "ffn_gate_exps": "mlp.switch_mlp.gate_proj",  # (experts, out, in): mlx-lm's SwitchGLU
    "ffn_up_exps": "mlp.switch_mlp.up_proj",
    "ffn_down_exps": "mlp.switch_mlp.down_proj",
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

    def _bad(self, key: str, value: Any, what: str) -> GGUFError:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "..."
        return GGUFError(f"{self.f.path.name} is not a valid GGUF file: '{self.arch}.{key}' is "
                         f"{shown}, not {what}.")

    def integer(self, key: str, default: int | None = None, *, lo: int = 1,
            hi: int = _MAX_DIM) -> int:
        """An integer metadata value within [lo, hi] (sizes, counts, lengths)."""
        value = self.require(key) if default is None else self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | np.integer) \
                or not lo <= int(value) <= hi:
            raise self._bad(key, value, f"a whole number from {lo} to {hi}")
        return int(value)

    def number(self, key: str, default: float | None = None) -> float:
        """A finite, positive float (epsilons, RoPE bases, scaling factors)."""
        value = self.require(key) if default is None else self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float | np.number) \
                or not math.isfinite(float(value)) or float(value) <= 0:
            raise self._bad(key, value, "a positive number")
        return float(value)


@dataclass
class ArchSpec:
    model_type: str
    layer_names: dict[str, str]
    top_names: dict[str, str]
    config: Callable[[_Meta, GGUFFile], dict[str, Any]]
    layer_prefix: str = "model.layers"
    #: Adjust the freshly built model to the file (e.g. drop an output layer it ties).
    setup: Callable[[nn.Module, GGUFFile], None] | None = None
    #: Undo what llama.cpp's converter changed, per target parameter. It sees one array at a
    #: time: a float tensor, GGUF wire bytes (one row per output row) or MLX's packed
    #: weight, scales or biases, so it may only touch float values or reorder whole rows.
    fix: Callable[[str, mx.array, dict[str, Any]], mx.array] | None = None
    notes: list[str] = field(default_factory=list)


def _vocab_size(f: GGUFFile) -> int:
    info = f.tensors.get("token_embd.weight")
    if info is None:
        raise GGUFError(f"{f.path.name} has no token embedding tensor (token_embd.weight).")
    return info.shape[1]


def _common(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    n_embd, n_head = m.integer("embedding_length"), m.integer("attention.head_count")
    return {
        "hidden_size": n_embd,
        "num_hidden_layers": m.integer("block_count"),
        "intermediate_size": m.integer("feed_forward_length"),
        "num_attention_heads": n_head,
        "num_key_value_heads": m.integer("attention.head_count_kv", n_head),
        "head_dim": m.integer("attention.key_length", n_embd // n_head),
        "rms_norm_eps": m.number("attention.layer_norm_rms_epsilon", 1e-5),
        "vocab_size": _vocab_size(f),
        "rope_theta": m.number("rope.freq_base", 10000.0),
        "max_position_embeddings": m.integer("context_length", 4096),
        "tie_word_embeddings": "output.weight" not in f.tensors,
    }


def _llama_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    cfg = _common(m, f)
    cfg["rope_traditional"] = True  # the converter's q/k permutation (see module docstring)
    cfg["attention_bias"] = "blk.0.attn_q.bias" in f.tensors
    cfg["mlp_bias"] = "blk.0.ffn_up.bias" in f.tensors
    if m.get("rope.scaling.type") == "linear":
        cfg["rope_scaling"] = {"type": "linear", "factor": m.number("rope.scaling.factor")}
    return cfg


def _qwen2_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    cfg = _common(m, f)
    cfg.pop("head_dim")
    return cfg


def _phi3_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    cfg = _common(m, f)
    head_dim = cfg.pop("head_dim")
    cfg["partial_rotary_factor"] = m.integer("rope.dimension_count", head_dim) / head_dim
    cfg["original_max_position_embeddings"] = m.integer(
        "rope.scaling.original_context_length", cfg["max_position_embeddings"])
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
    cfg["attn_logit_softcapping"] = m.number("attn_logit_softcapping", 50.0)
    cfg["final_logit_softcapping"] = m.number("final_logit_softcapping", 30.0)
    # llama.cpp scales queries by 1/sqrt(head_dim), except for the 27B model (46 layers),
    # which uses hidden/heads; the GGUF file does not store HF's query_pre_attn_scalar.
    if cfg["num_hidden_layers"] == 46:
        cfg["query_pre_attn_scalar"] = cfg["hidden_size"] / cfg["num_attention_heads"]
    else:
        cfg["query_pre_attn_scalar"] = float(cfg["head_dim"])
    return cfg


def _gemma3_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    cfg = _common(m, f)
    cfg.pop("tie_word_embeddings")  # gemma3_text ties when the file has no output layer
    if m.get("final_logit_softcapping"):
        raise UnsupportedModelError(
            f"{f.path.name} is a Gemma 3 variant with logit softcapping, which Orchard does not "
            "support."
        )
    cfg["rope_theta"] = m.number("rope.freq_base", 1_000_000.0)  # global layers
    # llama.cpp's defaults: local layers use base 10000 and every 6th layer is global.
    cfg["rope_local_base_freq"] = m.number("rope.freq_base_swa", 10_000.0)
    window = m.integer("attention.sliding_window", 0, lo=0)
    if window > 0:
        cfg["sliding_window"] = window
        cfg["sliding_window_pattern"] = m.integer("attention.sliding_window_pattern", 6)
    else:
        cfg["sliding_window_pattern"] = 1  # every layer global
    # llama.cpp scales queries by 1/sqrt(head_dim) except for the 27B model (62 layers).
    if cfg["num_hidden_layers"] == 62:
        cfg["query_pre_attn_scalar"] = cfg["hidden_size"] / cfg["num_attention_heads"]
    else:
        cfg["query_pre_attn_scalar"] = float(cfg["head_dim"])
    if m.get("rope.scaling.type") == "linear":
        cfg["rope_scaling"] = {"type": "linear", "factor": m.number("rope.scaling.factor")}
    return cfg


def _tie_missing_output(model: nn.Module, f: GGUFFile) -> None:
    # What gemma3_text's sanitize() does for a checkpoint without lm_head.
    if "output.weight" not in f.tensors:
        model.tie_word_embeddings = True
        model.pop("lm_head")


def _qwen3moe_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    cfg = _common(m, f)
    used = m.integer("expert_used_count")
    cfg.update(
        num_experts=m.integer("expert_count"),
        num_experts_per_tok=used,
        moe_intermediate_size=m.integer("expert_feed_forward_length",
                                    cfg["intermediate_size"] // used),
        decoder_sparse_step=1,  # llama.cpp's qwen3moe: every layer is a mixture of experts
        mlp_only_layers=[],
        norm_topk_prob=True,  # llama.cpp renormalizes the chosen experts' weights
    )
    return cfg


def _gptneox_config(m: _Meta, f: GGUFFile) -> dict[str, Any]:
    n_embd, n_head = m.integer("embedding_length"), m.integer("attention.head_count")
    if m.integer("feed_forward_length") != 4 * n_embd:
        raise UnsupportedModelError(
            f"{f.path.name} is a GPT-NeoX model with a feed-forward size other than 4x the "
            "hidden size, which Orchard does not support."
        )
    head_dim = n_embd // n_head
    return {
        "hidden_size": n_embd,
        "num_hidden_layers": m.integer("block_count"),
        "num_attention_heads": n_head,
        "layer_norm_eps": m.number("attention.layer_norm_epsilon", 1e-5),
        "vocab_size": _vocab_size(f),
        "rotary_emb_base": m.number("rope.freq_base", 10000.0),
        "rotary_pct": m.integer("rope.dimension_count", head_dim) / head_dim,
        "use_parallel_residual": bool(m.get("use_parallel_residual", True)),
        "max_position_embeddings": m.integer("context_length", 2048),
    }


def _gemma_fix(name: str, a: mx.array, cfg: dict[str, Any]) -> mx.array:
    # The converter stored 1 + w for every RMSNorm (norms are float, never quantized).
    if name.endswith("norm.weight"):
        return a - 1
    return a


def _gptneox_fix(name: str, a: mx.array, cfg: dict[str, Any]) -> mx.array:
    if ".attention.query_key_value." not in name:
        return a
    n_head = cfg["num_attention_heads"]
    head_dim = cfg["hidden_size"] // n_head
    # rows [Q(all heads); K; V] → per head [q k v], which is what mlx-lm splits.
    rest = a.shape[1:]
    return a.reshape(3, n_head, head_dim, *rest).swapaxes(0, 1).reshape(-1, *rest)


ARCHITECTURES: dict[str, ArchSpec] = {
    "llama": ArchSpec("llama", _LLAMA_LAYER, _LLAMA_TOP, _llama_config),
    "qwen2": ArchSpec("qwen2", _LLAMA_LAYER, _LLAMA_TOP, _qwen2_config),
    "qwen3": ArchSpec("qwen3", _LLAMA_LAYER, _LLAMA_TOP, _common),
    "phi3": ArchSpec("phi3", _PHI3_LAYER, _LLAMA_TOP, _phi3_config),
    "gemma2": ArchSpec("gemma2", _GEMMA2_LAYER, _LLAMA_TOP, _gemma2_config, fix=_gemma_fix),
    "gemma3": ArchSpec(
        "gemma3_text", _GEMMA2_LAYER, _LLAMA_TOP, _gemma3_config, fix=_gemma_fix,
        setup=_tie_missing_output,
    ),
    "qwen3moe": ArchSpec("qwen3_moe", _QWEN3MOE_LAYER, _LLAMA_TOP, _qwen3moe_config),
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
    if spec is None and arch == "clip":  # llama.cpp's mmproj files: a projector, not a model
        raise UnsupportedModelError(
            f"{f.path.name} is a vision projector (mmproj), not a model; Orchard runs GGUF "
            "models for text only and cannot load projectors (for images, choose the model's "
            "MLX version).")
    if spec is None:
        raise UnsupportedModelError(f"unsupported architecture: {arch}")
    return spec


def model_config(f: GGUFFile) -> dict[str, Any]:
    """The mlx-lm ``config.json`` equivalent of this file's metadata, checked against its
    tensor table before anything is built from it."""
    spec = arch_spec(f)
    arch = str(f.metadata["general.architecture"])
    config = {"model_type": spec.model_type, **spec.config(_Meta(f, arch), f)}
    _check_against_tensors(f, config)
    return config


def _check_against_tensors(f: GGUFFile, config: dict[str, Any]) -> None:
    """The numbers the model is built from must agree with the tensors that fill it.

    A header claiming 100,000 layers would otherwise build 100,000 layers before the
    weights fail to load, and a vocabulary longer than the embedding table would let a
    typed token read past the end of it.
    """
    name = f.path.name
    layers = {int(m.group(1)) for t in f.tensors if (m := _LAYER.match(t))}
    n_layers = int(config["num_hidden_layers"])
    if layers != set(range(n_layers)):
        found = f"{len(layers)} layer{'s' * (len(layers) != 1)}" if layers else "no layers"
        said = f"{n_layers} layer{'s' * (n_layers != 1)}"
        raise GGUFError(f"{name} is not a valid GGUF file: its header says {said} "
                        f"but its tensors hold {found}.")
    heads = int(config["num_attention_heads"])
    if heads % int(config.get("num_key_value_heads") or heads):
        raise GGUFError(f"{name} is not a valid GGUF file: {heads} attention heads cannot be "
                        f"shared by {config['num_key_value_heads']} key/value heads.")
    embd = f.tensors["token_embd.weight"]
    if embd.shape[0] != config["hidden_size"]:
        raise GGUFError(f"{name} is not a valid GGUF file: the token embedding rows hold "
                        f"{embd.shape[0]} values, the header says {config['hidden_size']}.")
    rows = embd.shape[1]
    out = f.tensors.get("output.weight")
    if out is not None and tuple(out.shape) != tuple(embd.shape):
        raise GGUFError(f"{name} is not a valid GGUF file: the output layer's shape "
                        f"{list(out.shape)} does not match the token embedding's "
                        f"{list(embd.shape)}.")
    freqs = f.tensors.get("rope_freqs.weight")
    head_dim = int(config.get("head_dim") or config["hidden_size"] // heads)
    if freqs is not None and freqs.n_elements != head_dim // 2:
        raise GGUFError(f"{name} is not a valid GGUF file: rope_freqs holds {freqs.n_elements} "
                        f"factors, not {head_dim // 2} (half the head size).")
    tokens = f.metadata.get("tokenizer.ggml.tokens")
    if isinstance(tokens, list) and len(tokens) > rows:
        raise GGUFError(f"{name} is not a valid GGUF file: its vocabulary has {len(tokens)} "
                        f"tokens but the embedding table only {rows} rows.")


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


def build_model(
    f: GGUFFile, *, exact: bool = False, weights: str | None = None
) -> tuple[nn.Module, dict[str, Any], str]:
    """Create the mlx-lm model for ``f`` and load its weights.

    ``weights``: "native" (mlx-kquant, the file's own bytes), "converted" (the fallback
    converter; ``exact`` keeps its values as float16), "reference" (every tensor's exact
    values in float32: slow and big, the yardstick the certification tests measure the
    other two against) or None to choose as :func:`inference.gguf.native.weights_path`
    does. Returns (model, config, weights).
    """
    spec = arch_spec(f)
    config = model_config(f)
    module = importlib.import_module(f"mlx_lm.models.{spec.model_type}")
    model = module.Model(module.ModelArgs.from_dict(config))
    if spec.setup is not None:
        spec.setup(model, f)
    path = weights or weights_path(f, exact=exact)
    targets = {name: mlx_name(spec, name) for name in f.tensors if name not in _AUX_TENSORS}

    def fix(target: str, a: mx.array) -> mx.array:
        return spec.fix(target, a, config) if spec.fix is not None else a

    if path == NATIVE or (weights is None and not exact and library_problem() is None):
        # Automatic choice: a file with a few tensors mlx-kquant cannot decode (ternary
        # types) still runs everything else as published (see load_native).
        load_native(model, f, targets, fix)
    else:
        _load_converted(model, f, targets, fix, exact or path == REFERENCE,
                        float32=path == REFERENCE)

    _float32_stream(model, spec)
    if "rope_freqs.weight" in f.tensors and spec.model_type == "llama":
        factors = _aux(f, "rope_freqs.weight")
        for layer in model.layers:
            attn = layer.self_attn
            attn.rope = _FreqRoPE(config["head_dim"], config["rope_theta"], factors)
    mx.eval(model.parameters())
    model.eval()
    return model, config, path


def _float32_stream(model: nn.Module, spec: ArchSpec) -> None:
    """Start the residual stream in float32, whatever the weights are stored in.

    llama.cpp keeps activations in float32 and only its weights in F16/BF16. mlx-lm runs a
    model in its embedding's dtype: with float16 rows (an F16 file, or the converter's
    float16 scales) Gemma 3's blocks keep the residual stream in float16 and clip it to
    +-65504 (``clip_residual`` in mlx_lm/models/gemma3_text.py), so it read wrong wherever
    the stream passed that range or lost the precision float16 has left at its size (an F16
    Gemma 3 270M: KL 0.021 against llama.cpp). Other families already promote to float32 at
    their first residual addition (the norms' weights are float32). Float32 rows make every
    family add in float32 from the start; the weights stay as stored, and the matmuls and
    the KV cache keep the dtypes they had.
    """
    module: Any = model
    for part in spec.top_names["token_embd"].split("."):
        module = module[part]
    float32_rows(module)


def _load_converted(
    model: nn.Module, f: GGUFFile, targets: dict[str, str], fix: Fix, exact: bool,
    *, float32: bool = False,
) -> None:
    """The fallback: each tensor converted to MLX arrays (see gguf/weights.py)."""
    weights: dict[str, mx.array] = {}
    quant: dict[str, dict[str, int]] = {}
    for name, target in targets.items():
        tensor = convert_tensor(f.tensors[name], f.tensor_data(name), exact=exact,
                                float32=float32)
        weights[target] = fix(target, tensor.weight)
        if tensor.quantized:
            assert tensor.scales is not None and tensor.biases is not None
            owner = target.rsplit(".", 1)[0]
            quant[owner] = {"bits": tensor.bits, "group_size": tensor.group_size}
            weights[f"{owner}.scales"] = fix(target, tensor.scales)
            weights[f"{owner}.biases"] = fix(target, tensor.biases)

    if quant:
        nn.quantize(model, class_predicate=lambda path, _m: quant.get(path, False))
    try:
        model.load_weights(list(weights.items()), strict=True)
    except ValueError as exc:
        raise GGUFError(f"{f.path.name} does not match its architecture: {exc}") from exc
