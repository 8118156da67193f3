"""Load the tiny Qwen2-VL folder with mlx_vlm offline, run one forward pass and a short generation.

Usage: HF_HUB_OFFLINE=1 python run_tiny_vlm.py [MODEL_DIR]
"""

import os
import resource
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

t0 = time.perf_counter()
import mlx.core as mx  # noqa: E402
import numpy as np  # noqa: E402
from mlx_vlm import apply_chat_template, generate, stream_generate  # noqa: E402
from mlx_vlm.utils import load, load_config, prepare_inputs  # noqa: E402
from PIL import Image  # noqa: E402

t_import = time.perf_counter() - t0
path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/vlm/tiny-qwen2-vl"

t0 = time.perf_counter()
model, processor = load(path)
config = load_config(path)
t_load = time.perf_counter() - t0
print("processor:", type(processor).__name__, "| image processor:",
      type(processor.image_processor).__name__, "| tokenizer:", type(processor.tokenizer).__name__)

# One small RGB image, made in memory (a file path or URL works too).
rng = np.random.default_rng(0)
image = Image.fromarray(rng.integers(0, 255, (40, 48, 3), dtype=np.uint8))

prompt = apply_chat_template(processor, config, "Describe the image.", num_images=1)
print("prompt:", repr(prompt))

# 1) explicit forward pass
t0 = time.perf_counter()
inputs = prepare_inputs(processor, images=[image], prompts=prompt,
                        image_token_index=config["image_token_id"])
ids = inputs["input_ids"]
print("input_ids:", ids.tolist())
print("pixel_values:", inputs["pixel_values"].shape,
      "image_grid_thw:", inputs["image_grid_thw"].tolist())
out = model(ids, inputs["pixel_values"], mask=inputs.get("attention_mask"),
            image_grid_thw=inputs["image_grid_thw"])
logits = out.logits if hasattr(out, "logits") else out
mx.eval(logits)
t_fwd = time.perf_counter() - t0
t0 = time.perf_counter()
out2 = model(ids, inputs["pixel_values"], mask=inputs.get("attention_mask"),
             image_grid_thw=inputs["image_grid_thw"])
mx.eval(out2.logits if hasattr(out2, "logits") else out2)
t_fwd2 = time.perf_counter() - t0
print("logits:", logits.shape, logits.dtype, "finite:", bool(mx.all(mx.isfinite(logits)).item()))

# 2) streaming generation through mlx-vlm (greedy, 8 tokens)
t0 = time.perf_counter()
pieces = []
last = None
for r in stream_generate(model, processor, prompt, image=[image], max_tokens=8, temperature=0.0):
    pieces.append(r.text)
    last = r
t_gen = time.perf_counter() - t0
t0 = time.perf_counter()
list(stream_generate(model, processor, prompt, image=[image], max_tokens=8, temperature=0.0))
t_gen_b = time.perf_counter() - t0
print("stream_generate text:", repr("".join(pieces)))
print(f"tokens: prompt={last.prompt_tokens} generated={last.generation_tokens}  "
      f"prompt_tps={last.prompt_tps:.1f} gen_tps={last.generation_tps:.1f}")

# 3) non-streaming generate, text only (no image)
t0 = time.perf_counter()
res = generate(model, processor, apply_chat_template(processor, config, "Hello"), max_tokens=5,
               temperature=0.0)
t_gen2 = time.perf_counter() - t0
print("generate (text only):", repr(res.text))

rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"timings: import {t_import:.2f}s  load {t_load:.2f}s  "
      f"forward {t_fwd*1000:.0f}ms (2nd {t_fwd2*1000:.0f}ms)  "
      f"stream_generate(8) {t_gen*1000:.0f}ms (2nd {t_gen_b*1000:.0f}ms)  "
      f"generate(5,text) {t_gen2*1000:.0f}ms  peak RSS {rss_mb:.0f} MB")
