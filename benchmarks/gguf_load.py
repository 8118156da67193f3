"""GGUF load time, load memory and speed: Orchard native, Orchard converted and llama.cpp.

Each measurement runs in a fresh process on the same file with a warm page cache (one
untimed load first), so the ratios compare the engines, not the disk:

- load to ready: from the load call until the model can run (weights in memory, tokenizer
  built); median of 3 runs (1 for the converter, which is slow). Each engine's libraries are
  imported before the clock starts;
- load + first token: the same, through one forward pass of one token, which is where
  llama.cpp's mmap'd weights are read (its load itself only maps the file);
- peak RSS during the load (above the process before it), against the file size;
- prefill (PROMPT_TOKENS prompt tokens) and decode (DECODE_TOKENS, greedy) tokens per
  second, from one more run.

    PYTHONPATH=. python benchmarks/gguf_load.py [--files A.gguf,B.gguf] [--make-1b DIR]

It needs llama-cpp-python in the same Python (not a project dependency; see
tests/data/gguf/make_goldens.py for the venv). ``--make-1b DIR`` first writes a random-weight
1.2B llama (TinyLlama's shape with the starter's vocabulary) as F16 and quantizes it to
Q4_K_M and Q6_K with llama.cpp's quantizer. Results: docs/gguf-native.md.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROMPT_TOKENS = int(os.environ.get("BENCH_PROMPT_TOKENS", 128))
DECODE_TOKENS = int(os.environ.get("BENCH_DECODE_TOKENS", 32))
RUNS = 3


def _status_bytes(field: str) -> int:
    """VmRSS / VmHWM from /proc (Linux, where this benchmark runs). ru_maxrss would carry the
    parent's peak across exec, so it cannot measure a child's load."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _rss_peak_bytes() -> int:
    return _status_bytes("VmHWM")


def _rss_now_bytes() -> int:
    return _status_bytes("VmRSS")


def _child_orchard(path: str, weights: str, speed: bool) -> dict[str, Any]:
    if weights == "converted":
        os.environ["ORCHARD_GGUF_WEIGHTS"] = "converted"
    import inference  # noqa: F401,I001 - before MLX: it picks MLX's BLAS
    import mlx.core as mx
    import mlx_lm.models.llama  # noqa: F401 - imported before the clock, as llama.cpp's are
    import mlx_lm.tokenizer_utils  # noqa: F401
    import transformers  # noqa: F401
    from mlx_lm.generate import stream_generate

    from inference.model.load import load_model

    if weights == "native":
        import mlx_kquant.nn  # noqa: F401
    before = _rss_now_bytes()
    start = time.perf_counter()
    loaded = load_model(path, check_memory=False)
    load_s = time.perf_counter() - start
    mx.eval(loaded.model(mx.array([[1]])))  # the first token: everything really in memory
    first_s = time.perf_counter() - start
    peak = _rss_peak_bytes()
    assert loaded.weights == weights, loaded.weights
    if not speed:
        return {"load_s": load_s, "first_s": first_s, "rss_before": before, "rss_peak": peak}
    prompt = [(i * 7919) % 1000 + 100 for i in range(PROMPT_TOKENS)]
    responses = list(stream_generate(loaded.model, loaded.tokenizer.mlx_tokenizer(), prompt,
                                     max_tokens=DECODE_TOKENS))
    last = responses[-1]
    mx.clear_cache()
    return {"load_s": load_s, "rss_before": before, "rss_peak": peak,
            "prefill_tps": last.prompt_tps, "decode_tps": last.generation_tps}


def _child_llama(path: str, speed: bool) -> dict[str, Any]:
    import llama_cpp
    import numpy as np

    before = _rss_now_bytes()
    start = time.perf_counter()
    llm = llama_cpp.Llama(model_path=path, n_ctx=512, n_batch=512,
                          n_threads=os.cpu_count() or 1, verbose=False, use_mmap=True)
    load_s = time.perf_counter() - start
    llm.eval([1])  # the first token: mmap'd pages fault in here
    first_s = time.perf_counter() - start
    peak = _rss_peak_bytes()
    if not speed:
        return {"load_s": load_s, "first_s": first_s, "rss_before": before, "rss_peak": peak}
    prompt = [(i * 7919) % 1000 + 100 for i in range(PROMPT_TOKENS)]
    t0 = time.perf_counter()
    llm.eval(prompt)
    prefill_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(DECODE_TOKENS):
        nxt = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        llm.eval([nxt])
    decode_s = time.perf_counter() - t0
    return {"load_s": load_s, "rss_before": before, "rss_peak": peak,
            "prefill_tps": PROMPT_TOKENS / prefill_s, "decode_tps": DECODE_TOKENS / decode_s}


def _run(engine: str, path: Path, speed: bool = False) -> dict[str, Any]:
    args = [sys.executable, __file__, "--child", engine, str(path)] + (["speed"] if speed else [])
    out = subprocess.run(args,
                         capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def measure(engine: str, path: Path, runs_wanted: int = RUNS) -> dict[str, Any]:
    _run(engine, path)  # warm the page cache
    runs = [_run(engine, path) for _ in range(runs_wanted)]
    speed = _run(engine, path, speed=True)
    return {
        "load_s": statistics.median(r["load_s"] for r in runs),
        "first_s": statistics.median(r["first_s"] for r in runs),
        "rss_load": max(r["rss_peak"] - r["rss_before"] for r in runs),
        "prefill_tps": speed["prefill_tps"],
        "decode_tps": speed["decode_tps"],
    }


def make_1b(folder: Path, starter: Path) -> list[Path]:
    """A random-weight 1.2B llama, F16, then llama.cpp's Q4_K_M and Q6_K of it."""
    import gguf
    import llama_cpp
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    f16 = folder / "random-1b-F16.gguf"
    outs = [folder / "random-1b-Q4_K_M.gguf", folder / "random-1b-Q6_K.gguf"]
    if all(p.is_file() for p in outs):
        return outs
    src = gguf.GGUFReader(starter)
    hidden, layers, heads, kv_heads, ffn = 2048, 22, 32, 4, 5632
    vocab = len(src.fields["tokenizer.ggml.tokens"].contents())
    w = gguf.GGUFWriter(f16, "llama")
    w.add_name("random 1B")
    w.add_block_count(layers)
    w.add_context_length(2048)
    w.add_embedding_length(hidden)
    w.add_feed_forward_length(ffn)
    w.add_head_count(heads)
    w.add_head_count_kv(kv_heads)
    w.add_rope_dimension_count(hidden // heads)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    for key, field in src.fields.items():
        if key.startswith("tokenizer."):
            vtype = field.types[0]
            sub = field.types[-1] if vtype == gguf.GGUFValueType.ARRAY else None
            w.add_key_value(key, field.contents(), vtype, sub_type=sub)
    rng = np.random.default_rng(0)

    def rand(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape, dtype=np.float32) * 0.02).astype(np.float16)

    w.add_tensor("token_embd.weight", rand(vocab, hidden))
    w.add_tensor("output.weight", rand(vocab, hidden))
    w.add_tensor("output_norm.weight", np.ones(hidden, np.float32))
    kv = hidden // heads * kv_heads
    for i in range(layers):
        for name, shape in (("attn_q", (hidden, hidden)), ("attn_k", (kv, hidden)),
                            ("attn_v", (kv, hidden)), ("attn_output", (hidden, hidden)),
                            ("ffn_gate", (ffn, hidden)), ("ffn_up", (ffn, hidden)),
                            ("ffn_down", (hidden, ffn))):
            w.add_tensor(f"blk.{i}.{name}.weight", rand(*shape))
        w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(hidden, np.float32))
        w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(hidden, np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    for out, ftype in zip(outs, ("Q4_K_M", "Q6_K"), strict=True):
        params = llama_cpp.llama_model_quantize_default_params()
        params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{ftype}")
        params.nthread = os.cpu_count() or 1
        rc = llama_cpp.llama_model_quantize(str(f16).encode(), str(out).encode(),
                                            ctypes.byref(params))
        assert rc == 0, f"llama.cpp could not quantize to {ftype}"
    f16.unlink()
    return outs


def _row(path: Path) -> str:
    size = path.stat().st_size
    native = measure("orchard-native", path)
    converted = measure("orchard-converted", path, runs_wanted=1)  # slow: one run is plenty
    llama = measure("llama", path)
    return (
        f"| {path.name} | {size / 1e6:.0f} MB "
        f"| {native['load_s']:.2f} s | {converted['load_s']:.2f} s | {llama['load_s']:.2f} s "
        f"| **{native['load_s'] / llama['load_s']:.2f}x** "
        f"| {native['first_s']:.2f} s / {llama['first_s']:.2f} s "
        f"(**{native['first_s'] / llama['first_s']:.2f}x**) "
        f"| {native['rss_load'] / size:.2f}x | {converted['rss_load'] / size:.2f}x "
        f"| {llama['rss_load'] / size:.2f}x "
        f"| {native['prefill_tps']:.1f} / {converted['prefill_tps']:.1f} / "
        f"{llama['prefill_tps']:.1f} "
        f"| {native['decode_tps']:.2f} / {converted['decode_tps']:.2f} / "
        f"{llama['decode_tps']:.2f} |"
    )


def main() -> int:
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        engine, path, speed = sys.argv[2], sys.argv[3], sys.argv[4:] == ["speed"]
        result = (_child_llama(path, speed) if engine == "llama"
                  else _child_orchard(path, engine.removeprefix("orchard-"), speed))
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default="starter")
    parser.add_argument("--make-1b", type=Path, help="folder for the random 1.2B model")
    args = parser.parse_args()
    from inference.model.sources import resolve

    starter = resolve("starter").path
    files = [starter if f == "starter" else Path(f) for f in args.files.split(",") if f]
    if args.make_1b:
        files += make_1b(args.make_1b, starter)
    print(f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}")
    print("| file | size | load native | load converted | load llama.cpp | native / llama.cpp "
          "| load + first token (native / llama.cpp) "
          "| RSS native | RSS converted | RSS llama.cpp | prefill tok/s (nat / conv / llama) "
          "| decode tok/s (nat / conv / llama) |")
    print("| --- " * 12 + "|")
    for path in files:
        print(_row(path), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
