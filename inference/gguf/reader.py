"""A safe GGUF header reader: parse and validate everything before anything allocates or maps.

``mx.load`` on a malformed GGUF (huge counts, a huge key length, alignment 0, more than 4
dimensions) crashes the whole process, so every GGUF goes through :func:`read_gguf` first. It
reads with bounded ``read`` calls, checks every count against the bytes left in the file before
acting on it, and raises only :class:`GGUFError` with one plain sentence naming the file.
gguf-py gives the type ids and sizes; its ``GGUFReader`` is not used because it trusts counts.
"""

from __future__ import annotations

import io
import os
import re
import stat
import struct
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFValueType, Keys

from inference.errors import GGUFError

_MAX_STRING = 1 << 20  # metadata string values (chat templates are the longest, ~10-50 KiB)
_MAX_KEY = (1 << 16) - 1  # the GGUF spec's limit on key length
_MAX_TENSOR_NAME = 64
_MAX_ARRAY = 16 << 20  # elements; the largest real vocabularies are ~256k tokens
_MAX_STRINGS = 1 << 21  # strings in one array: 8x the largest real vocabulary
_MAX_NESTED = 1 << 16  # arrays in one array of arrays (real files hold a few, if any)
_MAX_COUNT = 1 << 20  # tensors or key-value pairs in one file (real files: < 100k)
_MAX_DIM = 1 << 40
_MAX_DEPTH = 2  # arrays of arrays of scalars, no deeper
_KV_MIN = 8 + 4 + 1  # key length, value type, smallest value
_TENSOR_MIN = 8 + 4 + 8 + 4 + 8  # name length, n_dims, one dim, type, offset
_SPLIT_RE = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)
_TRUNCATED = "the file ends early (truncated or incomplete download?)"
_U64 = struct.Struct("<Q")

V = GGUFValueType
_SCALAR_FMT = {V.UINT8: "<B", V.INT8: "<b", V.UINT16: "<H", V.INT16: "<h", V.UINT32: "<I",
               V.INT32: "<i", V.FLOAT32: "<f", V.BOOL: "<?", V.UINT64: "<Q", V.INT64: "<q",
               V.FLOAT64: "<d"}
_ARRAY_DTYPE = {V.UINT8: "<u1", V.INT8: "<i1", V.UINT16: "<u2", V.INT16: "<i2", V.UINT32: "<u4",
                V.INT32: "<i4", V.FLOAT32: "<f4", V.BOOL: "<u1", V.UINT64: "<u8", V.INT64: "<i8",
                V.FLOAT64: "<f8"}
# Keys whose strings are fed to the tokenizer: decoded strictly, since a replaced byte would
# silently change the vocabulary. Other strings (names, licenses) decode with replacement.
_STRICT_STRINGS = {"tokenizer.ggml.tokens", "tokenizer.ggml.merges"}
_TK = Keys.Tokenizer
_TOKEN_ID_KEYS = [_TK.BOS_ID, _TK.EOS_ID, _TK.EOT_ID, _TK.EOM_ID, _TK.UNK_ID, _TK.SEP_ID,
                  _TK.PAD_ID, _TK.MASK_ID]


#: llama.cpp's GGML_TYPE_Q2_0, newer than gguf-py 0.19's enum.
Q2_0 = 42
#: Tensor types newer than gguf-py's table, with (name, elements per block, bytes per block)
#: from llama.cpp's ggml.h and mlx-kquant's codec table.
EXTRA_TYPES: dict[int, tuple[str, int, int]] = {Q2_0: ("Q2_0", 64, 18)}


def type_geometry(ggml_type: int) -> tuple[str, int, int]:
    """(name, elements per block, bytes per block) of a tensor type; KeyError if unknown."""
    if ggml_type in EXTRA_TYPES:
        return EXTRA_TYPES[ggml_type]
    try:
        qtype = GGMLQuantizationType(ggml_type)
        block, type_size = GGML_QUANT_SIZES[qtype]
    except ValueError:  # ids of removed types (4, 5, 31-33) and of ones gguf-py lacks
        raise KeyError(ggml_type) from None
    return qtype.name, block, type_size


class _Invalid(Exception):
    """A validation failure inside one file; read_gguf adds the file name."""


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]  # GGUF order: ne0 first (fastest-varying, the row length)
    ggml_type: int  # raw id (type_geometry(ggml_type) knows it; gguf-py's enum may not)
    path: Path  # the file holding the data (differs per shard in split models)
    offset: int  # absolute byte offset of the data in ``path``
    nbytes: int

    @property
    def type_name(self) -> str:
        return type_geometry(self.ggml_type)[0]

    @property
    def n_elements(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n


@dataclass
class GGUFFile:
    path: Path
    paths: list[Path]
    version: int
    metadata: dict[str, Any]
    tensors: dict[str, TensorInfo]
    alignment: int

    def tensor_data(self, name: str) -> np.ndarray:
        """A read-only uint8 memmap of exactly the tensor's bytes (validated to lie in the file)."""
        t = self.tensors[name]
        return np.memmap(t.path, dtype=np.uint8, mode="r", offset=t.offset, shape=(t.nbytes,))


class _Cursor:
    """Bounded reads: nothing is read or allocated beyond what the file can still hold."""

    def __init__(self, f: BinaryIO, size: int) -> None:
        self.f, self.size, self.pos = f, size, 0

    def left(self) -> int:
        return self.size - self.pos

    def read(self, n: int) -> bytes:
        if n > self.left():
            raise _Invalid(_TRUNCATED)
        data = self.f.read(n)
        if len(data) != n:  # the file shrank while we read it
            raise _Invalid(_TRUNCATED)
        self.pos += n
        return data

    def u32(self) -> int:
        return int(struct.unpack("<I", self.read(4))[0])

    def u64(self) -> int:
        return int(struct.unpack("<Q", self.read(8))[0])

    def raw_string(self, what: str, cap: int) -> bytes:
        n = self.u64()
        if n > cap:
            raise _Invalid(f"{what} is {n} bytes long (the limit is {cap})")
        return self.read(n)

    def text(self, what: str, cap: int, strict: bool = True) -> str:
        raw = self.raw_string(what, cap)
        try:
            return raw.decode("utf-8", errors="strict" if strict else "replace")
        except UnicodeDecodeError:
            raise _Invalid(f"{what} is not valid UTF-8 text") from None

    def texts(self, count: int, what: str, cap: int, strict: bool) -> list[str]:
        """``count`` strings in a row: ``text`` unrolled, because a vocabulary is 50k-250k
        of them and the per-call overhead was most of a starter model's load time."""
        f, size, pos = self.f, self.size, self.pos
        unpack = _U64.unpack
        errors = "strict" if strict else "replace"
        out: list[str] = []
        append = out.append
        for _ in range(count):
            head = f.read(8)
            if len(head) != 8 or pos + 8 > size:
                raise _Invalid(_TRUNCATED)
            n = unpack(head)[0]
            if n > cap:
                raise _Invalid(f"{what} is {n} bytes long (the limit is {cap})")
            pos += 8 + n
            if pos > size:
                raise _Invalid(_TRUNCATED)
            raw = f.read(n)
            if len(raw) != n:  # the file shrank while we read it
                raise _Invalid(_TRUNCATED)
            try:
                append(raw.decode("utf-8", errors))
            except UnicodeDecodeError:
                raise _Invalid(f"{what} is not valid UTF-8 text") from None
        self.pos = pos
        return out


def _show(s: str) -> str:
    return repr(s if len(s) <= 60 else s[:60] + "...")


def _value_type(raw: int, key: str) -> GGUFValueType:
    try:
        return GGUFValueType(raw)
    except ValueError:
        raise _Invalid(f"key {_show(key)} has unknown value type {raw}") from None


def _read_value(c: _Cursor, vtype: GGUFValueType, key: str, depth: int) -> Any:
    if vtype is V.STRING:
        return c.text(f"the value of {_show(key)}", _MAX_STRING, key in _STRICT_STRINGS)
    if vtype is not V.ARRAY:
        fmt = _SCALAR_FMT[vtype]
        return struct.unpack(fmt, c.read(struct.calcsize(fmt)))[0]
    if depth >= _MAX_DEPTH:
        raise _Invalid(f"key {_show(key)} nests arrays more than {_MAX_DEPTH} deep")
    sub = _value_type(c.u32(), key)
    count = c.u64()
    limit = {V.STRING: _MAX_STRINGS, V.ARRAY: _MAX_NESTED}.get(sub, _MAX_ARRAY)
    if count > limit:
        raise _Invalid(f"array {_show(key)} claims {count} elements (the limit is {limit})")
    # Smallest encoding per element: check the whole array fits before allocating anything.
    each = {V.STRING: 8, V.ARRAY: 12}.get(sub) or np.dtype(_ARRAY_DTYPE[sub]).itemsize
    if count * each > c.left():
        raise _Invalid(f"array {_show(key)} claims {count} elements; {_TRUNCATED}")
    if sub is V.STRING:
        return c.texts(count, f"an element of {_show(key)}", _MAX_STRING, key in _STRICT_STRINGS)
    if sub is V.ARRAY:
        return [_read_value(c, V.ARRAY, key, depth + 1) for _ in range(count)]
    arr = np.frombuffer(c.read(count * each), dtype=_ARRAY_DTYPE[sub])
    return arr != 0 if sub is V.BOOL else arr


def _check_tokenizer(md: dict[str, Any]) -> None:
    tokens = md.get("tokenizer.ggml.tokens")
    for key in ("tokenizer.ggml.model", "tokenizer.ggml.pre"):
        if key in md and not isinstance(md[key], str):
            raise _Invalid(f"{key} is not text")
    for key in ("tokenizer.ggml.tokens", "tokenizer.ggml.merges"):
        value = md.get(key)
        if value is not None and not (isinstance(value, list)
                                      and all(isinstance(s, str) for s in value)):
            raise _Invalid(f"{key} is not an array of strings")
    for key, kinds in (("tokenizer.ggml.scores", "f"), ("tokenizer.ggml.token_type", "iu"),
                       ("tokenizer.ggml.eos_token_ids", "iu")):
        value = md.get(key)
        if value is None:
            continue
        if not (isinstance(value, np.ndarray) and value.dtype.kind in kinds):
            raise _Invalid(f"{key} is not an array of {'floats' if kinds == 'f' else 'integers'}")
        if tokens is not None and key != "tokenizer.ggml.eos_token_ids" \
                and len(value) != len(tokens):
            raise _Invalid(f"{key} has {len(value)} entries but the vocabulary has "
                           f"{len(tokens)} tokens")
    if tokens is None:
        return
    ids: list[tuple[str, Any]] = [(k, md[k]) for k in _TOKEN_ID_KEYS if k in md]
    eos_ids = md.get("tokenizer.ggml.eos_token_ids")
    if eos_ids is not None:
        ids += [("tokenizer.ggml.eos_token_ids", int(i)) for i in eos_ids]
    for key, tid in ids:
        if isinstance(tid, bool) or not isinstance(tid, int) or not 0 <= tid < len(tokens):
            raise _Invalid(f"{key} is {tid!r}, not a token id below the vocabulary size "
                           f"{len(tokens)}")


def _parse(f: BinaryIO, path: Path, size: int) -> GGUFFile:
    c = _Cursor(f, size)
    if size < 4 or c.read(4) != b"GGUF":
        raise GGUFError(f"{path.name} is not a GGUF file (it does not start with 'GGUF').")
    version = c.u32()
    if version == 1:
        raise _Invalid("unsupported old GGUF version 1 (convert the model again)")
    if version not in (2, 3):
        swapped = int.from_bytes(version.to_bytes(4, "little"), "big")
        endian = " (a big-endian file)" if swapped in (2, 3) else ""
        raise _Invalid(f"unsupported GGUF version {version}{endian}")
    n_tensors, n_kv = c.u64(), c.u64()
    if n_tensors > _MAX_COUNT or n_kv > _MAX_COUNT:
        raise _Invalid(f"the header claims {n_tensors} tensors and {n_kv} metadata keys "
                       f"(the limit is {_MAX_COUNT} each)")
    if n_tensors * _TENSOR_MIN + n_kv * _KV_MIN > c.left():
        raise _Invalid(f"the header claims {n_tensors} tensors and {n_kv} metadata keys, "
                       f"more than the file can hold (truncated or incomplete download?)")

    metadata: dict[str, Any] = {}
    for _ in range(n_kv):
        key = c.text("a metadata key", _MAX_KEY)
        if key in metadata:
            raise _Invalid(f"metadata key {_show(key)} appears twice")
        vtype = _value_type(c.u32(), key)
        if key == "general.alignment" and vtype is not V.UINT32:
            raise _Invalid("general.alignment is not a 32-bit unsigned integer")
        metadata[key] = _read_value(c, vtype, key, 0)
    alignment = metadata.get("general.alignment", 32)
    if not 1 <= alignment <= (1 << 20) or alignment & (alignment - 1):
        raise _Invalid(f"general.alignment is {alignment}, not a power of two up to 1 MiB")
    _check_tokenizer(metadata)

    infos: list[tuple[str, tuple[int, ...], int, int, int]] = []
    seen: set[str] = set()
    for _ in range(n_tensors):
        name = c.text("a tensor name", _MAX_TENSOR_NAME)
        if not name:
            raise _Invalid("a tensor has an empty name")
        if name in seen:
            raise _Invalid(f"tensor {_show(name)} appears twice")
        seen.add(name)
        n_dims = c.u32()
        if not 1 <= n_dims <= 4:
            raise _Invalid(f"tensor {_show(name)} has {n_dims} dimensions (1 to 4 allowed)")
        shape = tuple(c.u64() for _ in range(n_dims))
        if not all(0 < d < _MAX_DIM for d in shape):
            raise _Invalid(f"tensor {_show(name)} has an invalid shape {list(shape)}")
        ggml_type, offset = c.u32(), c.u64()
        try:
            _, block, type_size = type_geometry(ggml_type)
        except KeyError:
            raise _Invalid(f"tensor {_show(name)} has unknown tensor type {ggml_type}") from None
        if shape[0] % block:
            raise _Invalid(f"tensor {_show(name)} has rows of {shape[0]} elements, not a "
                           f"multiple of the {block}-element blocks of its type")
        n_el = 1
        for d in shape:  # Python ints: no overflow; the size is checked against the file below
            n_el *= d
        infos.append((name, shape, ggml_type, offset, n_el // block * type_size))

    data_start = -(-c.pos // alignment) * alignment
    tensors: dict[str, TensorInfo] = {}
    for name, shape, ggml_type, offset, nbytes in infos:
        if offset % alignment:
            raise _Invalid(f"tensor {_show(name)} data offset {offset} is not a multiple "
                           f"of the alignment {alignment}")
        if data_start + offset + nbytes > size:
            raise _Invalid(f"tensor {_show(name)} data lies outside the file "
                           f"(truncated or incomplete download?)")
        tensors[name] = TensorInfo(name, shape, ggml_type, path, data_start + offset, nbytes)
    # Two tensors sharing bytes is never written by llama.cpp; a reader with zero-copy views
    # would hand one region to two weights (and a crafted file could alias them on purpose).
    end, previous = 0, ""
    for t in sorted(tensors.values(), key=lambda t: t.offset):
        if t.offset < end:
            raise _Invalid(f"tensors {_show(previous)} and {_show(t.name)} share data bytes")
        end, previous = t.offset + t.nbytes, t.name
    return GGUFFile(path, [path], version, metadata, tensors, alignment)


def metadata_from_prefix(data: bytes) -> dict[str, Any]:
    """The metadata keys in the first bytes of a GGUF, read until the bytes run out.

    For a Range read of a remote file's head: llama.cpp writes the architecture keys before the
    tokenizer arrays, so a prefix holds them. Returns ``{}`` for bytes that do not start a GGUF
    v2 or v3 header; a value cut off by the end of ``data`` (or a malformed one) ends the read
    and what came before it is kept. Never raises on bad bytes: this is a probe, not a check.
    """
    md: dict[str, Any] = {}
    c = _Cursor(io.BytesIO(data), len(data))
    try:
        if c.read(4) != b"GGUF" or c.u32() not in (2, 3):
            return md
        c.u64()  # the tensor count: their infos come after the metadata, beyond any prefix
        n_kv = c.u64()
        for _ in range(min(n_kv, _MAX_COUNT)):
            key = c.text("a metadata key", _MAX_KEY)
            md[key] = _read_value(c, _value_type(c.u32(), key), key, 0)
    except (_Invalid, ValueError, KeyError):
        pass  # the prefix ended (in the tokenizer arrays, usually): keep what was read
    return md


def _read_one(path: Path) -> GGUFFile:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise GGUFError(f"{path} does not exist.") from None
    except OSError as e:
        raise GGUFError(f"{path.name} could not be read: {e.strerror or e}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise GGUFError(f"{path.name} is a folder, not a GGUF file.")
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device could block forever
        raise GGUFError(f"{path.name} is not a regular file.")
    if st.st_size == 0:
        raise GGUFError(f"{path.name} is empty (0 bytes; incomplete download?).")
    try:
        with open(path, "rb", buffering=1 << 20) as f:
            return _parse(f, path, st.st_size)
    except _Invalid as e:
        raise GGUFError(f"{path.name} is not a valid GGUF file: {e}.") from None
    except OSError as e:
        raise GGUFError(f"{path.name} could not be read: {e.strerror or e}.") from None
    except (struct.error, UnicodeDecodeError, ValueError, OverflowError, io.UnsupportedOperation,
            MemoryError) as e:  # defence in depth: the checks above should make these impossible
        raise GGUFError(f"{path.name} is not a valid GGUF file: {e}.") from e


def read_gguf(path: str | Path, *, max_file_count: int = 256) -> GGUFFile:
    """Read and validate a GGUF file, or all shards of a split model given its first shard."""
    path = Path(path)
    m = _SPLIT_RE.search(path.name)
    if not m:
        g = _read_one(path)
        if not isinstance(g.metadata.get("split.count", 1), int) \
                or g.metadata.get("split.count", 1) > 1:
            raise GGUFError(f"{path.name} is one part of a split model, but its name does not "
                            f"say which (expected -00001-of-0000N.gguf).")
        _check_architecture(g)
        return g
    no, count = int(m.group(1)), int(m.group(2))
    if not 1 <= no <= count or count > max_file_count:
        raise GGUFError(f"{path.name} has an invalid split file name (part {no} of {count}).")
    if no != 1:
        first = path.name[: m.start()] + f"-00001-of-{count:05d}.gguf"
        raise GGUFError(f"{path.name} is part {no} of a split model; open {first} instead.")
    paths = [path.with_name(path.name[: m.start()] + f"-{i:05d}-of-{count:05d}.gguf")
             for i in range(1, count + 1)]
    for p in paths:
        if not p.exists():
            raise GGUFError(f"{p.name} is missing: the split model {path.name} needs all "
                            f"{count} parts.")
    shards = [_read_one(p) for p in paths]
    first_shard = shards[0]
    tensors: dict[str, TensorInfo] = {}
    for i, (p, s) in enumerate(zip(paths, shards, strict=True)):
        if s.metadata.get("split.no") != i or s.metadata.get("split.count") != count:
            raise GGUFError(f"{p.name} is not a valid GGUF file: its split.no/split.count keys "
                            f"do not say it is part {i + 1} of {count}.")
        for name, t in s.tensors.items():
            if name in tensors:
                raise GGUFError(f"{p.name} is not a valid GGUF file: tensor {_show(name)} "
                                f"also appears in an earlier part.")
            tensors[name] = t
    expected = first_shard.metadata.get("split.tensors.count")
    if expected != len(tensors):
        raise GGUFError(f"{path.name} is not a valid GGUF file: split.tensors.count is "
                        f"{expected!r} but the {count} parts hold {len(tensors)} tensors.")
    g = GGUFFile(path, paths, first_shard.version, first_shard.metadata, tensors,
                 first_shard.alignment)
    _check_architecture(g)
    return g


def _check_architecture(g: GGUFFile) -> None:
    if not isinstance(g.metadata.get("general.architecture"), str):
        raise GGUFError(f"{g.path.name} is not a valid GGUF file: general.architecture is "
                        f"missing or not text.")


def file_type_name(metadata: dict[str, Any]) -> str | None:
    """The quantization the file says it is (``general.file_type``, as llama-quantize names
    it: a Q4_K_M file is "Q4_K_M", whatever its tensors' mix), or None when it does not say.
    The tensor type with the most bytes is no name for it: a Q4_K_M file is mostly Q5_0 or
    Q4_K by bytes depending on the model, and Q6_K and Q8_0 files can both be mostly Q8_0."""
    from gguf import LlamaFileType

    value = metadata.get("general.file_type")
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    try:
        kind = LlamaFileType(value & ~LlamaFileType.GUESSED)
    except ValueError:
        return None
    return kind.name.removeprefix("MOSTLY_").removeprefix("ALL_")


def describe(f: GGUFFile) -> dict[str, Any]:
    """A summary for the CLI and the model picker."""
    arch = f.metadata["general.architecture"]
    by_bytes: Counter[str] = Counter()
    by_count: Counter[str] = Counter()
    for t in f.tensors.values():
        by_bytes[t.type_name] += t.nbytes
        by_count[t.type_name] += 1
    ctx = f.metadata.get(f"{arch}.context_length")
    name = f.metadata.get("general.name")
    return {
        "architecture": arch,
        "name": name if isinstance(name, str) and name else f.path.stem,
        "file_type": file_type_name(f.metadata) or (
            by_bytes.most_common(1)[0][0] if by_bytes else None),
        "tensor_types": dict(by_count),
        "n_params": sum(t.n_elements for t in f.tensors.values()),
        "size_bytes": sum(p.stat().st_size for p in f.paths),
        "context_length": int(ctx) if isinstance(ctx, int) and not isinstance(ctx, bool) else None,
    }
