"""Build a tiny random-weight Qwen2-VL model folder that mlx_vlm.utils.load() can load offline.

Usage: python build_tiny_vlm.py OUT_DIR

Writes: config.json, model.safetensors, tokenizer.json, tokenizer_config.json,
special_tokens_map.json, chat_template.jinja, preprocessor_config.json, processor_config.json,
video_preprocessor_config.json. No network, no torch.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import mlx.core as mx
import numpy as np
from mlx.utils import tree_flatten

# Special tokens get ids 0..6 in this order (the BPE trainer puts them first).
SPECIAL_TOKENS = [
    "<|endoftext|>",   # 0
    "<|im_start|>",    # 1
    "<|im_end|>",      # 2  (eos)
    "<|vision_start|>",  # 3
    "<|vision_end|>",  # 4
    "<|image_pad|>",   # 5  (image token)
    "<|video_pad|>",   # 6
]
EOS_ID, VISION_START_ID, IMAGE_ID, VIDEO_ID = 2, 3, 5, 6
BPE_VOCAB = 320  # 256 byte symbols + specials + a few merges (the tiny corpus may stop short)

# Qwen2-VL style chat template that understands list content ({"type": "image"} / {"type": "text"}).
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for c in message['content'] %}"
    "{% if c['type'] == 'image' or c['type'] == 'image_url' %}"
    "<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif c['type'] == 'text' %}{{ c['text'] }}{% endif %}"
    "{% endfor %}{% endif %}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

CORPUS = [
    "The orchard was quiet in the early morning. Apples hung low on the branches.",
    "What is in this picture? A red apple on a green table. Describe the image.",
    "The quick brown fox jumps over the lazy dog. 1 2 3 10 42 100.",
] * 4

PATCH = 14
TEXT = dict(hidden_size=64, num_hidden_layers=2, intermediate_size=128,
            num_attention_heads=4, num_key_value_heads=2)
VISION = dict(depth=1, embed_dim=32, num_heads=2, mlp_ratio=2)


def build_tokenizer_json() -> str:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=BPE_VOCAB, special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )
    tok.train_from_iterator(CORPUS, trainer=trainer)
    for i, t in enumerate(SPECIAL_TOKENS):
        assert tok.token_to_id(t) == i, (t, tok.token_to_id(t))
    return tok.to_str()


def tokenizer_config() -> dict:
    return {
        "added_tokens_decoder": {
            str(i): {"content": t, "lstrip": False, "normalized": False, "rstrip": False,
                     "single_word": False, "special": True}
            for i, t in enumerate(SPECIAL_TOKENS)
        },
        "additional_special_tokens": SPECIAL_TOKENS[1:],
        "bos_token": None,
        "eos_token": "<|im_end|>",
        "pad_token": "<|endoftext|>",
        "unk_token": None,
        "chat_template": CHAT_TEMPLATE,
        "clean_up_tokenization_spaces": False,
        "model_max_length": 4096,
        "tokenizer_class": "Qwen2Tokenizer",
    }


def model_config(vocab_size: int) -> dict:
    # head_dim = hidden_size / heads = 16: 8 rotary frequencies, split by mrope_section
    return {
        "model_type": "qwen2_vl",
        "architectures": ["Qwen2VLForConditionalGeneration"],
        **TEXT,
        "rms_norm_eps": 1e-6,
        # Exactly the tokenizer's size: mlx-vlm's streaming detokenizer raises IndexError on a
        # sampled id >= len(vocab), so do not pad the embedding rows as mlx-lm fixtures may.
        "vocab_size": vocab_size,
        "bos_token_id": None,
        "pad_token_id": 0,
        "max_position_embeddings": 4096,
        "rope_theta": 10000.0,
        # mrope sections (t, h, w) must sum to head_dim // 2
        "rope_scaling": {"type": "mrope", "mrope_section": [2, 3, 3]},
        "tie_word_embeddings": False,
        "image_token_id": IMAGE_ID,
        "video_token_id": VIDEO_ID,
        "vision_start_token_id": VISION_START_ID,
        "eos_token_id": EOS_ID,
        "vision_config": {
            "model_type": "qwen2_vl",
            **VISION,
            "hidden_size": TEXT["hidden_size"],  # merger output = text hidden size
            "in_channels": 3,
            "patch_size": PATCH,
            "spatial_patch_size": PATCH,
            "spatial_merge_size": 2,
            "temporal_patch_size": 2,
        },
    }


def preprocessor_config() -> dict:
    # 28x28 .. 56x56 pixels -> grid 2x2 .. 4x4 patches -> 1 .. 4 image tokens
    return {
        "image_processor_type": "Qwen2VLImageProcessor",
        "processor_class": "Qwen2VLProcessor",
        "patch_size": PATCH, "temporal_patch_size": 2, "merge_size": 2,
        "min_pixels": 28 * 28, "max_pixels": 56 * 56,
        "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
        "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
        "do_convert_rgb": True,
    }


def random_weights(params: dict, seed: int = 1234) -> dict:
    rng = np.random.default_rng(seed)
    out = {}
    for name, p in params.items():
        shape = tuple(p.shape)
        if "norm" in name and name.endswith(".weight") or name.endswith("ln_q.weight"):
            w = 1.0 + rng.normal(0.0, 0.1, shape)
        elif name.endswith(".bias"):
            w = rng.normal(0.0, 0.05, shape)
        else:
            w = rng.normal(0.0, 0.08, shape)
        out[name] = mx.array(w.astype(np.float32))
    return out


def build(folder: Path) -> Path:
    from mlx_vlm.models import qwen2_vl
    from mlx_vlm.utils import update_module_configs

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    from tokenizers import Tokenizer

    tok_json = build_tokenizer_json()
    n_tokens = Tokenizer.from_str(tok_json).get_vocab_size(with_added_tokens=True)
    cfg = model_config(n_tokens)
    # from_dict() adds d["text_config"] in place, as load() relies on
    d = json.loads(json.dumps(cfg))
    mc = qwen2_vl.ModelConfig.from_dict(d)
    mc = update_module_configs(mc, qwen2_vl, d, ["text", "vision"])
    model = qwen2_vl.Model(mc)
    weights = random_weights(dict(tree_flatten(model.parameters())))
    model.load_weights(list(weights.items()))
    mx.eval(model.parameters())
    # mlx-vlm's VisionModel.sanitize() always transposes a 5-D patch_embed conv weight from the
    # PyTorch layout (out, in, t, kh, kw) to MLX's (out, t, kh, kw, in), so store it PyTorch-style.
    k = "vision_tower.patch_embed.proj.weight"
    weights[k] = weights[k].transpose(0, 4, 1, 2, 3)
    mx.save_safetensors(str(folder / "model.safetensors"), weights, metadata={"format": "mlx"})

    (folder / "config.json").write_text(json.dumps(cfg, indent=2))
    (folder / "tokenizer.json").write_text(tok_json, encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(json.dumps(tokenizer_config(), indent=2))
    (folder / "special_tokens_map.json").write_text(json.dumps(
        {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
         "additional_special_tokens": SPECIAL_TOKENS[1:]}, indent=2))
    (folder / "chat_template.jinja").write_text(CHAT_TEMPLATE)
    (folder / "preprocessor_config.json").write_text(json.dumps(preprocessor_config(), indent=2))
    # Present so mlx-vlm's Qwen-VL processor loader does not try hf_hub_download() for it.
    (folder / "processor_config.json").write_text(
        json.dumps({"processor_class": "Qwen2VLProcessor"}))
    (folder / "video_preprocessor_config.json").write_text(
        json.dumps(preprocessor_config(), indent=2))
    return folder


if __name__ == "__main__":
    out = build(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/vlm/tiny-qwen2-vl"))
    for p in sorted(out.iterdir()):
        print(f"{p.stat().st_size:>8}  {p.name}")
