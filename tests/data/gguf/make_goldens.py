"""Make llama.cpp's golden logits for the certification tests (not a project dependency).

    python3 -m venv /tmp/lcpp
    /tmp/lcpp/bin/pip install llama-cpp-python==0.3.36 "mlx[cpu]==0.32.3" mlx-lm==0.32.2 \
        gguf==0.19.0 tokenizers numpy
    PYTHONPATH=. /tmp/lcpp/bin/python tests/data/gguf/make_goldens.py [--families llama,...]

For every family, the tiny random-weight model of the test fixtures (``wide``: rows of 256,
so every K-quant applies) is written as F16 by the fixture writer, which does what llama.cpp's
converter does. llama.cpp's own quantizer (``llama_cpp.llama_model_quantize``, no importance
matrix) makes each file type from it, and llama.cpp evaluates one token sequence on every
file. Written next to this script:

- ``<family>-<TYPE>.gguf``: llama.cpp's quantized files. They are committed because the
  tests cannot remake llama.cpp's bytes. The F16 files are not: the fixture remakes them,
  and ``manifest.json`` holds their sha256 so a test can tell it got the same file.
- ``goldens.npz``: per file, llama.cpp's logits for every position of ``tokens`` (stored as
  float16, which moves a mean KL by about 1e-5: far below what the tests resolve).
- ``manifest.json``: the tokens, each file's type, size and sha256, llama.cpp's version,
  and the types llama.cpp refused to write (with its reason).
- ``starter.json`` (``--starter PATH``): on the real starter model, llama.cpp's
  next-token log-likelihoods and top-1 ids over the first tokens of resources/texts/en.txt.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from tests.fixtures.gguf_writer import write_gguf  # noqa: E402
from tests.fixtures.tiny_models import (  # noqa: E402
    build_tiny_mlx_model,
    build_tokenizer_json,
    sample_text,
)

#: Every file type llama.cpp's quantizer offers, except those it refuses without an importance
#: matrix (IQ1_*, IQ2_*; this version also refuses Q2_K_S, IQ3_XS, IQ3_XXS and NVFP4 without
#: one: they are tried, and the refusal lands in the manifest). MXFP4_MOE applies to expert
#: tensors only. F16 and BF16 are the fixture writer's own files (the converter's output).
ALL_TYPES = [
    "F16", "BF16", "Q8_0", "Q5_1", "Q5_0", "Q4_1", "Q4_0",
    "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_K_S", "Q3_K_M", "Q3_K_S", "Q2_K", "Q2_K_S",
    "IQ4_NL", "IQ4_XS", "IQ3_M", "IQ3_S", "IQ3_XS", "IQ3_XXS",
    "TQ2_0", "TQ1_0", "NVFP4", "Q2_0", "Q1_0",
]
#: Every other family gets these (a codec's correctness does not depend on the family, the
#: name mapping does); llama, the reference family, gets ALL_TYPES. Left out to keep the
#: committed files small: Q5_K_S and Q3_K_L (the same tensor types as Q5_K_M and Q3_K_M).
FAMILY_TYPES = ["F16", "Q4_K_M"]
FIXTURE_TYPES = {"F16", "BF16"}
#: What llama.cpp 0.3.36's quantizer says when it refuses (its log, not its return code).
WHY_REFUSED = {
    "Q2_K_S": "llama.cpp requires an importance matrix for it",
    "IQ3_XS": "llama.cpp requires an importance matrix for it",
    "IQ3_XXS": "llama.cpp requires an importance matrix for it",
    "NVFP4": "not an output type of llama.cpp's quantizer (invalid output file type)",
}
EXTRA_TYPES = {"qwen3moe": ["MXFP4_MOE"]}
FAMILIES = ["llama", "qwen2", "qwen3", "phi3", "gemma2", "gemma3", "qwen3moe", "gptneox"]
N_TOKENS = 96
STARTER_TOKENS = 256


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _quantize(llama_cpp: object, src: Path, dst: Path, ftype_name: str) -> str | None:
    """llama.cpp's quantizer; None when it wrote ``dst``, else why it refused."""
    lc = llama_cpp
    params = lc.llama_model_quantize_default_params()  # type: ignore[attr-defined]
    params.ftype = getattr(lc, f"LLAMA_FTYPE_MOSTLY_{ftype_name}")
    params.nthread = os.cpu_count() or 1
    rc = lc.llama_model_quantize(  # type: ignore[attr-defined]
        str(src).encode(), str(dst).encode(), ctypes.byref(params)
    )
    if rc != 0 or not dst.is_file():
        dst.unlink(missing_ok=True)
        return f"llama_model_quantize returned {rc}"
    return None


def _logits(llama_cpp: object, path: Path, tokens: list[int]) -> np.ndarray:
    llm = llama_cpp.Llama(  # type: ignore[attr-defined]
        model_path=str(path), n_ctx=len(tokens) + 8, n_batch=len(tokens), logits_all=True,
        n_threads=os.cpu_count() or 1, verbose=False, seed=0,
    )
    llm.eval(tokens)
    scores = np.array(llm.scores[: len(tokens)], dtype=np.float32)
    llm.close()
    return scores


#: compare's plain-text categories (resources/texts/), each scored by llama.cpp on its own.
#: The chat dialogue is rendered with the model's template and the long document is scored at
#: its end: neither is a plain text's first tokens.
STARTER_CATEGORIES = ("en", "code", "ja", "zh", "ko", "ru")


def _starter_scores(llama_cpp: object, path: Path, text: str) -> dict[str, object]:
    llm = llama_cpp.Llama(  # type: ignore[attr-defined]
        model_path=str(path), n_ctx=STARTER_TOKENS + 8, n_batch=STARTER_TOKENS,
        logits_all=True, n_threads=os.cpu_count() or 1, verbose=False, seed=0,
    )
    tokens = llm.tokenize(text.encode(), add_bos=False, special=False)[:STARTER_TOKENS]
    llm.eval(tokens)
    scores = np.array(llm.scores[:len(tokens)], dtype=np.float64)
    llm.close()
    scores -= scores.max(-1, keepdims=True)
    log_probs = scores - np.log(np.exp(scores).sum(-1, keepdims=True))
    nll = -log_probs[np.arange(len(tokens) - 1), tokens[1:]]
    return {"tokens": tokens, "nll": [round(float(x), 5) for x in nll],
            "top1": [int(i) for i in scores.argmax(-1)]}


def _starter(llama_cpp: object, path: Path) -> None:
    """llama.cpp's next-token log-likelihoods and top-1 ids on the real starter model.

    The tiny models' predictions are nearly flat, so llama.cpp's 8-bit activations flip
    near-ties; a trained model shows the agreement a user sees. Its full logits would be
    6 MB, so only what perplexity and top-1 need is kept: for English prose at the top level
    (the certification test's), and under ``categories`` for each of compare's plain texts
    (its per-category statistics are computed from such log-likelihoods, on token ids that
    must be llama.cpp's).
    """
    texts = ROOT / "resources" / "texts"
    golden: dict[str, object] = {"file": path.name, "sha256": _sha256(path)}
    golden.update(_starter_scores(llama_cpp, path, (texts / "en.txt").read_text("utf-8")))
    golden["categories"] = {
        key: _starter_scores(llama_cpp, path, (texts / f"{key}.txt").read_text("utf-8"))
        for key in STARTER_CATEGORIES}
    (HERE / "starter.json").write_text(json.dumps(golden) + "\n")
    for key, got in [("(top level)", golden), *golden["categories"].items()]:  # type: ignore[union-attr]
        nll = np.array(got["nll"])
        print(f"starter {key}: perplexity {float(np.exp(nll.mean())):.3f} over "
              f"{len(got['tokens'])} tokens")


def main() -> None:
    import llama_cpp

    parser = argparse.ArgumentParser()
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--starter", type=Path, help="SmolLM2-135M-Instruct.Q4_1.gguf: "
                        "write starter.json instead of the tiny models' goldens")
    args = parser.parse_args()
    if args.starter:
        _starter(llama_cpp, args.starter)
        return
    manifest_path = HERE / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    goldens_path = HERE / "goldens.npz"
    goldens = dict(np.load(goldens_path)) if goldens_path.is_file() else {}

    from tokenizers import Tokenizer

    tok_json = build_tokenizer_json()
    tokens = Tokenizer.from_str(tok_json).encode(sample_text()).ids[:N_TOKENS]
    assert len(tokens) == N_TOKENS, len(tokens)
    manifest.update({"llama_cpp_python": llama_cpp.__version__, "tokens": tokens})
    files = manifest.setdefault("files", {})
    refused = manifest.setdefault("refused", {})

    with tempfile.TemporaryDirectory() as tmp:
        for family in args.families.split(","):
            folder = build_tiny_mlx_model(family, Path(tmp) / family, tok_json, wide=True)
            f16 = write_gguf(folder, Path(tmp) / f"{family}-F16.gguf", qtype="F16")
            types = ALL_TYPES if family == "llama" else FAMILY_TYPES
            for ftype in types + EXTRA_TYPES.get(family, []):
                key = f"{family}-{ftype}"
                if ftype in FIXTURE_TYPES:
                    out = write_gguf(folder, Path(tmp) / f"{key}.gguf", qtype=ftype)
                    committed = False
                else:
                    out, committed = HERE / f"{key}.gguf", True
                    why = _quantize(llama_cpp, f16, out, ftype)
                    if why:
                        refused[key] = WHY_REFUSED.get(ftype, why)
                        print(f"{key}: refused ({why})")
                        continue
                refused.pop(key, None)
                try:
                    goldens[key] = _logits(llama_cpp, out, tokens)
                except ValueError as exc:  # llama.cpp cannot load the fixture at all
                    refused[key] = f"llama.cpp did not load it: {exc}".replace(tmp + "/", "")
                    print(f"{key}: not loaded ({exc})")
                    if committed:
                        out.unlink()
                    break
                files[key] = {"family": family, "type": ftype, "committed": committed,
                              "size": out.stat().st_size, "sha256": _sha256(out)}
                print(f"{key}: {out.stat().st_size / 1e6:.2f} MB")

    np.savez_compressed(goldens_path, **{k: v.astype(np.float16) for k, v in goldens.items()})
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
