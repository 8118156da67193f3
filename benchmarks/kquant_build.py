"""mlx-kquant built for x86-64-v3 (AVX2, FMA, F16C) against the baseline x86-64 build.

packaging/build_kquant.sh builds mlx-kquant from its sdist with ``-march=x86-64-v3`` where the
CPU has that level, else as plain x86-64 (``ORCHARD_KQUANT_LEVEL=baseline`` forces that). This
runs the same GGUF files through Orchard's loader in two venvs that differ only in that build,
and reports CPU seconds (user + sys) per prefilled and per decoded token:

    PYTHONPATH=. .venv/bin/python benchmarks/kquant_build.py \
        --baseline-venv A --v3-venv B [--files starter,X.gguf] [--make-random DIR]

Each measurement is a fresh process (``VENV/bin/python`` with this checkout on PYTHONPATH,
``MLX_DISABLE_COMPILE=1``, the CPU device, ``KQ_CPU_THREADS=1``: mlx-kquant's own worker pool
is the only multi-threaded part of a CPU forward, MLX runs its ops on one scheduler thread), and
the two builds alternate (baseline, v3, baseline, v3, ...) so a busy machine weighs on both.
CPU seconds rather than wall time: the machines this runs on are shared. Per process: one
untimed token (weights paged in, pool started), then a ``--prompt``-token prefill and
``--tokens`` greedy decode steps, both timed with getrusage. The first round's logits (the
prompt's last position and each decode step) are compared between the builds.

``--make-random DIR`` first writes a random-weight llama (``--hidden``, ``--layers``, the
starter's tokenizer and vocabulary) as Q4_K_M (llama-quantize's rules, as the test fixtures
follow them), Q6_K and Q8_0, with the fixtures' numpy K-quant encoders and gguf-py's Q8_0: no
llama.cpp needed. Results: docs/kquant-build.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ("baseline", "v3")


# --- the child: one build, one file ---------------------------------------------------------

def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child(path: str, prompt: int, tokens: int, logits_out: str | None) -> dict[str, Any]:
    import inference  # noqa: F401,I001 - before MLX: it picks MLX's BLAS
    import mlx.core as mx
    import mlx_kquant
    import numpy as np
    from mlx_lm.models.cache import make_prompt_cache

    from inference.model.load import load_model

    mx.set_default_device(mx.cpu)
    loaded = load_model(path, check_memory=False)
    if loaded.weights != "native":
        raise SystemExit(f"{path} did not load through mlx-kquant: {loaded.info.weights_note}")
    model = loaded.model
    ids = np.random.default_rng(0).integers(3, loaded.vocabulary, prompt).tolist()
    mx.eval(model(mx.array([[ids[0]]]), cache=make_prompt_cache(model)))  # untimed warm-up

    cache = make_prompt_cache(model)
    c0, w0 = _cpu(), time.perf_counter()
    out = model(mx.array(ids)[None], cache=cache)
    mx.eval(out)
    prefill = (_cpu() - c0) / prompt
    prefill_wall = (time.perf_counter() - w0) / prompt
    rows = [out[0, -1].astype(mx.float32)]
    token = int(mx.argmax(rows[0]).item())
    greedy = [token]
    c0 = _cpu()
    for _ in range(tokens):
        out = model(mx.array([[token]]), cache=cache)
        token = int(mx.argmax(out[0, -1]).item())
        greedy.append(token)
        if logits_out:
            rows.append(out[0, -1].astype(mx.float32))
    decode = (_cpu() - c0) / tokens
    if logits_out:  # the copies above are outside the timing only when nobody asks for them
        np.save(logits_out, np.stack([np.array(r) for r in rows]))
    return {"prefill": prefill, "decode": decode, "greedy": greedy, "prefill_wall": prefill_wall,
            "kquant": str(Path(mlx_kquant.__file__).parent)}


# --- the files ------------------------------------------------------------------------------

def make_random(folder: Path, starter: Path, hidden: int, layers: int) -> list[Path]:
    """A random-weight llama (TinyLlama's proportions, the starter's vocabulary) in Q4_K_M,
    Q6_K and Q8_0. The K-quants use the test fixtures' encoders (min/max scales, not
    llama-quantize's search): the codecs run the same code on them, which is what is timed."""
    import gguf
    import numpy as np
    from gguf import GGMLQuantizationType as Q

    from tests.fixtures import kquants
    from tests.fixtures.gguf_writer import _tensor_type

    folder.mkdir(parents=True, exist_ok=True)
    stem = f"random-h{hidden}-l{layers}"
    outs = {q: folder / f"{stem}-{q}.gguf" for q in ("Q4_K_M", "Q6_K", "Q8_0")}
    if all(p.is_file() for p in outs.values()):
        return list(outs.values())
    heads = hidden // 64
    kv_heads = max(1, heads // 8)
    ffn = (hidden * 11 // 4 + 255) // 256 * 256
    src = gguf.GGUFReader(starter)
    vocab = len(src.fields["tokenizer.ggml.tokens"].contents())
    rng = np.random.default_rng(0)
    shapes: list[tuple[str, tuple[int, ...]]] = [("token_embd.weight", (vocab, hidden)),
                                                 ("output.weight", (vocab, hidden))]
    kv = hidden // heads * kv_heads
    for i in range(layers):
        shapes += [(f"blk.{i}.{name}.weight", shape) for name, shape in (
            ("attn_q", (hidden, hidden)), ("attn_k", (kv, hidden)), ("attn_v", (kv, hidden)),
            ("attn_output", (hidden, hidden)), ("ffn_gate", (ffn, hidden)),
            ("ffn_up", (ffn, hidden)), ("ffn_down", (hidden, ffn)))]
    seeds = {name: int(rng.integers(2**31)) for name, _ in shapes}
    ftypes = {"Q4_K_M": gguf.LlamaFileType.MOSTLY_Q4_K_M, "Q6_K": gguf.LlamaFileType.MOSTLY_Q6_K,
              "Q8_0": gguf.LlamaFileType.MOSTLY_Q8_0}
    for qname, out in outs.items():
        if out.is_file():
            continue
        w = gguf.GGUFWriter(out, "llama")
        w.add_name(f"random {stem}")
        w.add_block_count(layers)
        w.add_context_length(2048)
        w.add_embedding_length(hidden)
        w.add_feed_forward_length(ffn)
        w.add_head_count(heads)
        w.add_head_count_kv(kv_heads)
        w.add_rope_dimension_count(hidden // heads)
        w.add_layer_norm_rms_eps(1e-5)
        w.add_file_type(ftypes[qname])
        w.add_quantization_version(gguf.GGML_QUANT_VERSION)
        for key, field in src.fields.items():
            if key.startswith("tokenizer."):
                vtype = field.types[0]
                sub = field.types[-1] if vtype == gguf.GGUFValueType.ARRAY else None
                w.add_key_value(key, field.contents(), vtype, sub_type=sub)
        for name, shape in shapes:
            data = np.random.default_rng(seeds[name]).standard_normal(shape, dtype=np.float32)
            data *= 0.02
            if qname == "Q4_K_M":
                qtype = _tensor_type(name, data, "mixed_q4_k_m", has_output=True, n_layer=layers)
            else:
                qtype = Q.Q6_K if qname == "Q6_K" and shape[-1] % 256 == 0 else Q.Q8_0
            w.add_tensor(name, kquants.quantize(data, qtype), raw_dtype=qtype)
        for i in range(layers):
            w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(hidden, np.float32))
            w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(hidden, np.float32))
        w.add_tensor("output_norm.weight", np.ones(hidden, np.float32))
        w.write_header_to_file()
        w.write_kv_data_to_file()
        w.write_tensors_to_file()
        w.close()
        print(f"wrote {out} ({out.stat().st_size / 1e6:.0f} MB)", flush=True)
    return list(outs.values())


# --- the parent -----------------------------------------------------------------------------

def _run(venv: Path, path: Path, args: argparse.Namespace, logits: Path | None) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), MLX_DISABLE_COMPILE="1",
               KQ_CPU_THREADS=str(args.threads), OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1")
    cmd = [str(venv / "bin" / "python"), str(Path(__file__).resolve()), "--child", str(path),
           "--prompt", str(args.prompt), "--tokens", str(args.tokens)]
    if logits is not None:
        cmd += ["--logits", str(logits)]
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{venv} on {path.name} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def instructions(venv: Path) -> dict[str, int]:
    """AVX2/FMA/F16C instructions in the venv's mlx-kquant extension (objdump), and calls of
    libgcc's software half-to-float conversion, which F16C replaces."""
    sos = sorted((venv / "lib").glob("python3*/site-packages/mlx_kquant/_ext*.so"))
    if not sos or shutil.which("objdump") is None:
        return {}
    text = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(sos[0])],
                          capture_output=True, text=True, check=True).stdout
    insns = [line.split("\t", 1)[1] for line in text.splitlines() if "\t" in line]
    ops = [i.split()[0] for i in insns if i.strip()]
    return {
        "fma": sum(op.startswith(("vfmadd", "vfmsub", "vfnmadd", "vfnmsub")) for op in ops),
        "f16c": sum(op in ("vcvtph2ps", "vcvtps2ph") for op in ops),
        "ymm": sum("%ymm" in i for i in insns),
        "__extendhfsf2 calls": sum(i.startswith("call") and "__extendhfsf2" in i for i in insns),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--logits", help=argparse.SUPPRESS)
    parser.add_argument("--baseline-venv", type=Path)
    parser.add_argument("--v3-venv", type=Path)
    parser.add_argument("--files", default="starter", help="comma-separated; 'starter' allowed")
    parser.add_argument("--make-random", type=Path, metavar="DIR")
    parser.add_argument("--hidden", type=int, default=1024)
    parser.add_argument("--layers", type=int, default=16)
    parser.add_argument("--prompt", type=int, default=64)
    parser.add_argument("--tokens", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="KQ_CPU_THREADS")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.prompt, args.tokens, args.logits)))
        return 0
    if args.baseline_venv is None or args.v3_venv is None:
        parser.error("--baseline-venv and --v3-venv are required")
    venvs = {"baseline": args.baseline_venv.resolve(), "v3": args.v3_venv.resolve()}

    sys.path.insert(0, str(ROOT))
    from inference.model.sources import resolve

    files = [resolve("starter").path if f == "starter" else Path(f)
             for f in args.files.split(",") if f]
    if args.make_random:
        files += make_random(args.make_random, resolve("starter").path, args.hidden, args.layers)

    print(f"{platform.machine()}, {os.cpu_count()} cores; {args.prompt}-token prefill, "
          f"{args.tokens} decoded tokens, {args.rounds} rounds, KQ_CPU_THREADS={args.threads}")
    for level, venv in venvs.items():
        print(f"  {level}: {venv}  {instructions(venv)}")
    print(f"{'file':34} {'MB':>6} {'build':8} {'prefill ms/tok':>15} {'decode ms/tok':>14} "
          f"{'runs (decode)':>24}")
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            figures: dict[str, dict[str, list[float]]] = {
                lv: {"prefill": [], "decode": []} for lv in LEVELS}
            greedy: dict[str, list[int]] = {}
            for r in range(args.rounds):
                for level in LEVELS:
                    logits = Path(tmp) / f"{level}.npy" if r == 0 else None
                    got = _run(venvs[level], path, args, logits)
                    figures[level]["prefill"].append(got["prefill"])
                    figures[level]["decode"].append(got["decode"])
                    greedy.setdefault(level, got["greedy"])
            import numpy as np

            a, b = (np.load(Path(tmp) / f"{lv}.npy") for lv in LEVELS)
            diff = float(np.abs(a - b).max())
            scale = float(np.abs(a).max())
            med = {lv: {k: statistics.median(v) for k, v in figures[lv].items()} for lv in LEVELS}
            for lv in LEVELS:
                runs = " ".join(f"{x * 1e3:.0f}" for x in figures[lv]["decode"])
                print(f"{path.name[:34]:34} {path.stat().st_size / 1e6:6.0f} {lv:8} "
                      f"{med[lv]['prefill'] * 1e3:15.1f} {med[lv]['decode'] * 1e3:14.1f} "
                      f"{runs:>24}")
            ratio = {k: med["v3"][k] / med["baseline"][k] for k in ("prefill", "decode")}
            same = greedy["baseline"] == greedy["v3"]
            print(f"{'':34} {'':6} {'v3/base':8} {ratio['prefill']:15.2f} {ratio['decode']:14.2f}"
                  f"   logits max |diff| {diff:.2e} (max |logit| {scale:.1f}), "
                  f"greedy tokens {'same' if same else 'DIFFER'}", flush=True)
            summary.append({"file": path.name, "median": med, "ratio": ratio,
                            "max_abs_logit_diff": diff, "greedy_same": same})
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
