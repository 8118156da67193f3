"""Time to first token with one image on a vision model: Orchard's path against mlx-vlm's own.

    .venv/bin/python benchmarks/vision.py [--model PATH] [--side 448] [--rounds 3]

Without ``--model`` the tests' tiny random-weight Qwen2-VL is built in a temporary folder,
with its processor allowed ``--side`` × ``--side`` pixels (so the image is as many tokens as a
real model would make of a picture that size). One photo-sized JPEG (1,600 × 1,200) is read as
the window reads an attachment (Pillow: upright, scaled to 2,048 px), then sent with a question
as the first message of a fresh conversation, through Orchard's session (the baseline:
mlx-vlm's ``stream_generate`` with the same prompt text and image), interleaved, one thread
each. A second turn then shows what the KV cache saves: the image is not read again.
Prints wall and CPU seconds (user+sys), tokens, and the ratios.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from inference.attachments import image_from_bytes  # noqa: E402
from inference.model.load import load_model  # noqa: E402
from inference.session import ChatSession  # noqa: E402
from inference.types import Message, SamplingSettings  # noqa: E402

QUESTION = "What is in this picture?"
ONE = SamplingSettings(temperature=0.0, max_tokens=1, loop_guard=False)


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def photo() -> bytes:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 255, (1200, 1600, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=85)
    return out.getvalue()


def tiny(side: int) -> Path:
    from tests.fixtures.tiny_vlm import build

    folder = build(Path(tempfile.mkdtemp()) / "tiny-qwen2-vl")
    for name in ("preprocessor_config.json", "video_preprocessor_config.json"):
        config = json.loads((folder / name).read_text())
        config["max_pixels"] = side * side
        (folder / name).write_text(json.dumps(config))
    return folder


def orchard(loaded: object, image: bytes) -> tuple[float, float, int, ChatSession]:
    session = ChatSession(loaded, system_prompt="", settings=ONE)  # type: ignore[arg-type]
    session.messages.append(Message("user", QUESTION, images=(image,)))
    t0, c0 = time.perf_counter(), cpu()
    chunks = list(session.reply())
    return time.perf_counter() - t0, cpu() - c0, chunks[-1].prompt_tokens, session


def mlx_vlm(loaded: object, text: str, image: bytes) -> tuple[float, float, int]:
    from mlx_vlm import stream_generate

    vision = loaded.vision  # type: ignore[attr-defined]
    picture = Image.open(io.BytesIO(image)).convert("RGB")
    t0, c0 = time.perf_counter(), cpu()
    last = next(iter(stream_generate(vision.vlm, vision.processor, text, image=[picture],
                                     max_tokens=1, temperature=0.0)))
    return time.perf_counter() - t0, cpu() - c0, last.prompt_tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model")
    parser.add_argument("--side", type=int, default=448)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    raw = photo()
    t0 = time.perf_counter()
    image = image_from_bytes(raw, "photo.jpg").data
    read_s = time.perf_counter() - t0
    loaded = load_model(args.model or tiny(args.side))
    print(f"{loaded.info.name}; a {len(raw):,}-byte 1,600 x 1,200 JPEG, read in {read_s:.3f} s "
          f"({platform.machine()}, {platform.system()})")
    text = ChatSession(loaded, system_prompt="", settings=ONE)
    text.messages.append(Message("user", QUESTION, images=(image,)))
    prompt_text = text.prompt_to_send().text
    rows: dict[str, list[tuple[float, float, int]]] = {"orchard": [], "mlx-vlm": []}
    session = None
    for _ in range(args.rounds):
        wall, cpu_s, tokens, session = orchard(loaded, image)
        rows["orchard"].append((wall, cpu_s, tokens))
        rows["mlx-vlm"].append(mlx_vlm(loaded, prompt_text, image))
        for name in rows:
            w, c, n = rows[name][-1]
            print(f"{name:8} {n:6,} prompt tokens  TTFT {w:7.3f} s  CPU {c:7.3f} s", flush=True)
    best = {name: min(r[1] for r in runs) for name, runs in rows.items()}
    print(f"orchard / mlx-vlm, CPU s to the first token: {best['orchard'] / best['mlx-vlm']:.3f}")

    assert session is not None
    t0, c0 = time.perf_counter(), cpu()
    chunks = list(session.send("And what colour is it?"))
    end = chunks[-1]
    print(f"next turn: {end.prompt_tokens:,} prompt tokens, {end.cached_tokens:,} from the "
          f"cache; TTFT {time.perf_counter() - t0:.3f} s, CPU {cpu() - c0:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
