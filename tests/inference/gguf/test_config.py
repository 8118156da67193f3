"""Every number a model is built from is checked before anything is built from it.

Each file here is a valid tiny model with one metadata value made hostile or wrong. The
promise: one plain sentence naming the file (GGUFError), at once, never a traceback, a hang
or a build of 100,000 layers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gguf import GGUFValueType as VT

from inference.errors import GGUFError
from inference.model.load import inspect_model
from tests.fixtures.gguf_edit import edit_gguf, typed

CASES: dict[str, tuple[dict[str, Any], str]] = {
    "absurd block_count": ({"llama.block_count": 100_000},
                           "its header says 100000 layers but its tensors hold 2 layers"),
    "a million layers": ({"llama.block_count": 10**6, "llama.context_length": 1},
                         "its header says 1000000 layers"),
    "block_count 0": ({"llama.block_count": 0}, "'llama.block_count' is 0, not a whole number"),
    "negative block_count": ({"llama.block_count": typed(-3, VT.INT32)},
                             "'llama.block_count' is -3"),
    "fewer layers than tensors": ({"llama.block_count": 1},
                                  "its header says 1 layer but its tensors hold 2 layers"),
    "head_count 0": ({"llama.attention.head_count": 0}, "'llama.attention.head_count' is 0"),
    "context_length text": ({"llama.context_length": "abc"},
                            "'llama.context_length' is 'abc', not a whole number"),
    "negative embedding_length": ({"llama.embedding_length": typed(-64, VT.INT32)},
                                  "'llama.embedding_length' is -64"),
    "feed_forward_length 2^31": ({"llama.feed_forward_length": typed(2**31, VT.UINT64)},
                                 "'llama.feed_forward_length' is 2147483648"),
    "kv heads that do not divide": ({"llama.attention.head_count_kv": 3},
                                    "4 attention heads cannot be shared by 3 key/value heads"),
    "embedding length not the rows": ({"llama.embedding_length": 128},
                                      "the token embedding rows hold 64 values"),
    "rms epsilon nan": ({"llama.attention.layer_norm_rms_epsilon": float("nan")},
                        "'llama.attention.layer_norm_rms_epsilon' is nan, not a positive"),
    "rope base text": ({"llama.rope.freq_base": "fast"}, "'llama.rope.freq_base' is 'fast'"),
}


@pytest.fixture(scope="module")
def base(tiny_gguf: Callable[..., Path]) -> Path:
    return tiny_gguf("llama", "Q8_0")


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_metadata_is_one_sentence_at_once(
    case: str, base: Path, tmp_path: Path
) -> None:
    changes, fragment = CASES[case]
    bad = edit_gguf(base, tmp_path / "bad.gguf", changes)
    start = time.monotonic()
    with pytest.raises(GGUFError) as info:
        inspect_model(bad)
    assert time.monotonic() - start < 1.0  # not a hang; nothing built
    message = str(info.value)
    assert "bad.gguf" in message and "\n" not in message and len(message) < 300
    assert fragment in message, message


def test_a_vocabulary_longer_than_the_embedding_table_is_refused(
    base: Path, tmp_path: Path
) -> None:
    import gguf

    reader = gguf.GGUFReader(base)
    tokens = reader.fields["tokenizer.ggml.tokens"].contents()
    types = reader.fields["tokenizer.ggml.token_type"].contents()
    extra = [f"<extra_{i}>" for i in range(1_000)]
    bad = edit_gguf(base, tmp_path / "bad.gguf", {
        "tokenizer.ggml.tokens": typed(tokens + extra, VT.ARRAY),
        "tokenizer.ggml.token_type": typed(types + [1] * len(extra), VT.ARRAY),
    })
    with pytest.raises(GGUFError, match=r"its vocabulary has 1416 tokens but the embedding "
                                        r"table only 416 rows\.$"):
        inspect_model(bad)


def test_merges_naming_tokens_outside_the_vocabulary_are_one_sentence(
    base: Path, tmp_path: Path
) -> None:
    from inference.gguf.reader import read_gguf
    from inference.gguf.tokenizer import tokenizer_from_gguf

    bad = edit_gguf(base, tmp_path / "bad.gguf",
                    {"tokenizer.ggml.merges": typed(["zzz qqq", "a b"], VT.ARRAY)})
    with pytest.raises(GGUFError, match=r"^The tokenizer's merges do not match its vocabulary"):
        tokenizer_from_gguf(read_gguf(bad).metadata)


def test_rope_frequencies_of_the_wrong_length_are_one_sentence(
    base: Path, tmp_path: Path
) -> None:
    import numpy as np

    bad = edit_gguf(base, tmp_path / "bad.gguf", {},
                    extra_tensors={"rope_freqs.weight": np.ones(3, np.float32)})
    with pytest.raises(GGUFError, match=r"rope_freqs holds 3 factors, not 8 \(half the head "
                                        r"size\)\.$"):
        inspect_model(bad)
