"""mlx-lm 0.32.2 and mlx-vlm 0.7.8 in one process, on one worker thread, alternating."""

import os
import sys
import tempfile
import threading
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
sys.path.insert(0, "/work/main")  # read-only use of Orchard's tiny mlx-lm fixture

import numpy as np
from PIL import Image


def engine():
    import mlx_lm
    import mlx_vlm
    from mlx_vlm.utils import load_config

    from tests.fixtures.tiny_models import build_tiny_mlx_model
    from tests.fixtures.tiny_vlm import build

    tmp = Path(tempfile.mkdtemp())
    lm_dir = build_tiny_mlx_model("qwen2", tmp / "lm")
    vlm_dir = build(tmp / "vlm")

    lm, tok = mlx_lm.load(str(lm_dir))
    vm, proc = mlx_vlm.load(str(vlm_dir))
    cfg = load_config(vlm_dir)
    img = Image.fromarray(np.random.default_rng(0).integers(0, 255, (56, 56, 3), dtype=np.uint8))

    for round_ in range(2):
        t = "".join(r.text for r in mlx_lm.stream_generate(lm, tok, "Hello", max_tokens=5))
        print(f"[{round_}] mlx_lm:", repr(t))
        p = mlx_vlm.apply_chat_template(proc, cfg, "What is this?", num_images=1)
        t = "".join(r.text for r in mlx_vlm.stream_generate(vm, proc, p, image=[img], max_tokens=5))
        print(f"[{round_}] mlx_vlm:", repr(t))
    print("thread:", threading.current_thread().name, "OK")


th = threading.Thread(target=engine, name="engine")
th.start()
th.join()
