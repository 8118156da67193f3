"""The starter's quant ladder, as Orchard runs it and as llama.cpp runs it.

An F16 copy of the starter (SmolLM2-135M-Instruct: its Q4_1 and Q8_0 tensors dequantized
with gguf-py) is quantized to every type llama.cpp writes without an importance matrix by
llama.cpp's own quantizer. For each file: size, bits per weight (tensor bytes over weights),
perplexity over the first tokens of resources/texts/en.txt in Orchard (native, as published)
and in llama.cpp, and the mean KL divergence of each engine's next-token distributions to
the same engine's F16 run (what llama.cpp's ``--kl-divergence`` reports).

    PYTHONPATH=. python benchmarks/starter_ladder.py --work /tmp/ladder [--tokens 256]

Needs llama-cpp-python in the same Python (see tests/data/gguf/make_goldens.py). Result:
docs/gguf-native.md.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import platform
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LADDER = ["Q8_0", "Q6_K", "Q5_K_M", "Q5_1", "Q5_0", "Q4_K_M", "Q4_K_S", "Q4_1", "Q4_0",
          "IQ4_NL", "IQ4_XS", "Q3_K_L", "Q3_K_M", "Q3_K_S", "IQ3_M", "IQ3_S", "Q2_K", "Q2_0",
          "TQ2_0", "TQ1_0"]


def f16_copy(starter: Path, out: Path) -> Path:
    """The starter with every quantized tensor dequantized to F16 (norms stay F32)."""
    import gguf

    if out.is_file():
        return out
    reader = gguf.GGUFReader(starter)
    writer = gguf.GGUFWriter(out, reader.fields["general.architecture"].contents())
    for key, field in reader.fields.items():
        if key.startswith("GGUF.") or key == "general.architecture":
            continue
        if key == "general.file_type":
            writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
            continue
        vtype = field.types[0]
        sub = field.types[-1] if vtype == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(key, field.contents(), vtype, sub_type=sub)
    for t in reader.tensors:
        values = gguf.quants.dequantize(t.data, t.tensor_type)
        shape = tuple(int(d) for d in reversed(t.shape))
        values = values.reshape(shape)
        writer.add_tensor(t.name, values.astype(np.float32 if values.ndim == 1 else np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out


def quantize(src: Path, out: Path, ftype: str) -> bool:
    import llama_cpp

    if out.is_file():
        return True
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{ftype}")
    params.nthread = os.cpu_count() or 1
    rc = llama_cpp.llama_model_quantize(str(src).encode(), str(out).encode(),
                                        ctypes.byref(params))
    return rc == 0 and out.is_file()


def log_softmax(x: np.ndarray) -> np.ndarray:
    x = x.astype(np.float64)
    x = x - x.max(-1, keepdims=True)
    return x - np.log(np.exp(x).sum(-1, keepdims=True))


def orchard_logits(path: Path, tokens: list[int]) -> np.ndarray:
    import inference  # noqa: F401,I001 - before MLX: it picks MLX's BLAS
    import mlx.core as mx

    from inference.gguf.architectures import build_model
    from inference.gguf.reader import read_gguf

    model, _, _ = build_model(read_gguf(path))
    out = np.array(model(mx.array([tokens]))[0].astype(mx.float32))
    del model
    mx.clear_cache()
    return out


def llama_logits(path: Path, tokens: list[int]) -> np.ndarray:
    import llama_cpp

    llm = llama_cpp.Llama(model_path=str(path), n_ctx=len(tokens) + 8, n_batch=len(tokens),
                          logits_all=True, n_threads=os.cpu_count() or 1, verbose=False)
    llm.eval(tokens)
    out = np.array(llm.scores[: len(tokens)], dtype=np.float32)
    llm.close()
    return out


def ppl(logits: np.ndarray, tokens: list[int]) -> float:
    lp = log_softmax(logits[:-1])
    return float(np.exp(-lp[np.arange(len(tokens) - 1), tokens[1:]].mean()))


def kl(ref: np.ndarray, other: np.ndarray) -> float:
    p, q = log_softmax(ref), log_softmax(other)
    return float((np.exp(p) * (p - q)).sum(-1).mean())


def bpw(path: Path) -> float:
    from inference.gguf.reader import read_gguf

    f = read_gguf(path)
    return sum(t.nbytes for t in f.tensors.values()) * 8 / sum(
        t.n_elements for t in f.tensors.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--tokens", type=int, default=256)
    args = parser.parse_args()
    from inference.gguf.native import weights_path
    from inference.gguf.reader import read_gguf
    from inference.gguf.tokenizer import tokenizer_from_gguf
    from inference.model.sources import resolve

    args.work.mkdir(parents=True, exist_ok=True)
    starter = resolve("starter").path
    f16 = f16_copy(starter, args.work / "starter-F16.gguf")
    text = (ROOT / "resources" / "texts" / "en.txt").read_text(encoding="utf-8")
    tokens = tokenizer_from_gguf(read_gguf(f16).metadata).encode(text)[: args.tokens]
    print(f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores; "
          f"{len(tokens)} tokens of resources/texts/en.txt")
    ref_o, ref_l = orchard_logits(f16, tokens), llama_logits(f16, tokens)
    print("| file | size | bits/weight | Orchard path | Orchard ppl | llama.cpp ppl "
          "| Orchard KL to F16 | llama.cpp KL to F16 |")
    print("| --- " * 8 + "|")
    rows = [("F16", f16)] + [(q, args.work / f"starter-{q}.gguf") for q in LADDER]
    for name, path in rows:
        if name != "F16" and not quantize(f16, path, name):
            print(f"| {name} | llama.cpp would not write it | | | | | | |")
            continue
        o = ref_o if name == "F16" else orchard_logits(path, tokens)
        lc = ref_l if name == "F16" else llama_logits(path, tokens)
        print(f"| {name} | {path.stat().st_size / 1e6:.1f} MB | {bpw(path):.2f} "
              f"| {weights_path(read_gguf(path))} | {ppl(o, tokens):.3f} "
              f"| {ppl(lc, tokens):.3f} | {kl(ref_o, o):.5f} | {kl(ref_l, lc):.5f} |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
