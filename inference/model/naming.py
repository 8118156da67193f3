"""What a model file's name says: its quantization, whether it is one part of a split GGUF, and
whether its weights are pickles.

Plain constants and string functions, importing nothing of Orchard's, so the Hub client, the
model sources and the library can all read names the same way without importing each other.
"""

from __future__ import annotations

import os
import re

#: Part ``N`` of ``M`` of a split GGUF (llama.cpp's ``gguf-split`` names):
#: ``x-00001-of-00003.gguf``; group 1 is the part, group 2 the count.
SPLIT_RE = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)

#: Weight formats that unpickle (and so can run code) when opened.
PICKLE_SUFFIXES = frozenset({".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle"})

# Longest names first, so Q4_K_M wins over Q4_K and IQ2_XXS over IQ2_XS.
QUANT_RE = re.compile(
    r"(?<![A-Z0-9])(IQ[1-4]_(?:XXS|XS|S|M|NL)|TQ[12]_0|MXFP4|Q[2-8]_K_(?:XL|S|M|L)|Q[2-8]_K"
    r"|Q[4-8]_[01]|BF16|F16|F32|FP16|FP32)(?![A-Z0-9])",
    re.IGNORECASE,
)

#: Nominal bits per weight (llama.cpp's quantize table); used when the Hub does not say how many
#: parameters the model has, which would give the file's own figure.
NOMINAL_BPW: dict[str, float] = {
    "IQ1_S": 1.56, "IQ1_M": 1.75, "IQ2_XXS": 2.06, "IQ2_XS": 2.31, "IQ2_S": 2.5, "IQ2_M": 2.7,
    "IQ3_XXS": 3.06, "IQ3_XS": 3.3, "IQ3_S": 3.44, "IQ3_M": 3.66, "IQ4_XS": 4.25, "IQ4_NL": 4.5,
    "TQ1_0": 1.69, "TQ2_0": 2.06, "MXFP4": 4.25,
    "Q2_K": 2.96, "Q2_K_S": 2.96, "Q2_K_L": 3.1, "Q2_K_XL": 3.2,
    "Q3_K": 3.91, "Q3_K_S": 3.5, "Q3_K_M": 3.91, "Q3_K_L": 4.27, "Q3_K_XL": 4.4,
    "Q4_0": 4.5, "Q4_1": 5.0, "Q4_K": 4.85, "Q4_K_S": 4.58, "Q4_K_M": 4.85, "Q4_K_L": 5.0,
    "Q4_K_XL": 5.1, "Q5_0": 5.5, "Q5_1": 6.0, "Q5_K": 5.69, "Q5_K_S": 5.54, "Q5_K_M": 5.69,
    "Q5_K_L": 5.8, "Q5_K_XL": 5.9, "Q6_K": 6.56, "Q6_K_L": 6.7, "Q6_K_XL": 6.8, "Q8_0": 8.5,
    "Q8_K_XL": 8.7, "F16": 16.0, "BF16": 16.0, "F32": 32.0,
}


def gguf_quant(name: str) -> str | None:
    """The quantization named in a GGUF file name (``x.Q4_K_M.gguf`` → ``Q4_K_M``)."""
    stem = SPLIT_RE.sub("", os.path.basename(name))
    stem = re.sub(r"\.gguf$", "", stem, flags=re.IGNORECASE)
    found = QUANT_RE.findall(stem)
    if not found:
        return None
    q = found[-1].upper()
    return {"FP16": "F16", "FP32": "F32"}.get(q, q)


def is_pickle(path: str | os.PathLike[str]) -> bool:
    """True for a file whose weights would be unpickled (and so could run code) when opened."""
    return os.path.splitext(path)[1].lower() in PICKLE_SUFFIXES
