"""Inspect and load a model from any source into one shape: model, tokenizer, template, info.

``inspect_model`` reads only headers and JSON (cheap, safe, used for the memory verdict);
``load_model`` builds the mlx-lm model. Load on the thread that will generate (MLX
streams are per thread).
"""

from __future__ import annotations

import json
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import mlx.core as mx
import mlx.nn as nn
from gguf import GGMLQuantizationType

from inference.errors import GGUFError, ModelError, UnsupportedModelError
from inference.gguf.architectures import arch_spec, build_model, model_config
from inference.gguf.native import CODECS, CONVERTED, NATIVE, native_bytes, native_problem
from inference.gguf.precision import float32_stream
from inference.gguf.reader import GGUFFile, file_type_name, read_gguf
from inference.gguf.weights import (
    FLOAT_TYPES,
    KEEP_FLOAT_TYPES,
    REPACKED_TYPES,
    convertible,
    nearest_mlx_bits,
)
from inference.model import defaults, library
from inference.model.memory import (
    MemoryEstimate,
    kv_cache_bytes,
    largest_context_that_fits,
    memory_budget_bytes,
)
from inference.model.sources import ModelSource, resolve
from inference.prompt.presets import TemplateChoice, choose_template
from inference.prompt.templates import ChatTemplate
from inference.vision import VisionModel, is_vision_config, load_vision_folder

log = logging.getLogger(__name__)


class TextTokenizer(Protocol):
    """What the session needs from a tokenizer, whatever format the model came in."""

    bos_token_id: int | None
    add_bos: bool
    eos_token_ids: set[int]
    special_tokens: dict[str, int]

    def token_text(self, token_id: int | None) -> str: ...

    def encode(
        self, text: str, *, parse_special: bool = False, add_bos: bool | None = None
    ) -> list[int]: ...

    def decode(self, ids: list[int], *, skip_special: bool = False) -> str: ...

    def mlx_tokenizer(self) -> Any: ...


class HFTextTokenizer:
    """Adapter for an MLX folder's Hugging Face tokenizer, as loaded by mlx-lm."""

    def __init__(self, wrapper: Any) -> None:
        self._wrapper = wrapper
        self._hf = wrapper._tokenizer
        self.bos_token_id: int | None = self._hf.bos_token_id
        self.eos_token_ids: set[int] = set(wrapper.eos_token_ids)
        self.special_tokens: dict[str, int] = {
            t.content: i for i, t in self._hf.added_tokens_decoder.items() if t.special
        }
        probe = self._hf.encode("a", add_special_tokens=True)
        self.add_bos = bool(probe) and self.bos_token_id is not None and (
            probe[0] == self.bos_token_id
        )

    def encode(
        self, text: str, *, parse_special: bool = False, add_bos: bool | None = None
    ) -> list[int]:
        ids: list[int] = self._hf.encode(
            text, add_special_tokens=False, split_special_tokens=not parse_special
        )
        if (self.add_bos if add_bos is None else add_bos) and self.bos_token_id is not None:
            ids = [self.bos_token_id, *ids]
        return ids

    def decode(self, ids: list[int], *, skip_special: bool = False) -> str:
        return str(self._hf.decode(ids, skip_special_tokens=skip_special))

    def token_text(self, token_id: int | None) -> str:
        if token_id is None:
            return ""
        return str(self._hf.convert_ids_to_tokens(token_id) or "")

    def mlx_tokenizer(self) -> Any:
        return self._wrapper


@dataclass
class ModelInfo:
    """What the user and the memory check need to know, without loading weights."""

    name: str
    format: str  # "gguf" or "mlx"
    path: Path
    architecture: str
    quantization: str
    size_bytes: int
    context_length: int
    n_layers: int
    n_kv_heads: int
    head_dim: int
    weights_bytes: int  # in memory once loaded
    config: dict[str, Any] = field(default_factory=dict)
    metadata_name: str = ""  # general.name in a GGUF file, which is often not the file's name
    #: "native": the file's own weights run as published (every MLX folder; a GGUF through
    #: mlx-kquant); "converted": a GGUF turned into MLX's formats at load time (the fallback).
    weights: str = NATIVE
    #: Why a GGUF is converted rather than run as published ("" when native).
    weights_note: str = ""
    #: A GGUF's general.sampling.* keys: the sampling its publisher recommends.
    sampling: dict[str, Any] = field(default_factory=dict)
    #: A vision-language model (an MLX folder mlx-vlm runs): it can be sent images.
    vision: bool = False

    @property
    def recognition_name(self) -> str:
        """Every name that can tell which chat format the model expects."""
        return f"{self.name} {self.metadata_name} {self.path.name}"

    @property
    def key(self) -> str:
        """Stable name for per-model settings: the file or folder name."""
        return self.path.name

    def memory(self, ctx: int | None = None, kv_bits: int | None = None) -> MemoryEstimate:
        """Weights and the KV cache at ``ctx`` tokens (``kv_bits``: a quantized cache)."""
        ctx = ctx or self.context_length
        kv = kv_cache_bytes(self.n_layers, self.n_kv_heads, self.head_dim, ctx, kv_bits=kv_bits)
        return MemoryEstimate(self.weights_bytes, kv, ctx, memory_budget_bytes())

    def default_context(self, kv_bits: int | None = None) -> int:
        """The model's own context, capped by what fits in memory."""
        return int(
            largest_context_that_fits(
                self.weights_bytes, self.n_layers, self.n_kv_heads, self.head_dim,
                memory_budget_bytes(), self.context_length, kv_bits,
            )
        )


@dataclass
class LoadedModel:
    model: nn.Module
    tokenizer: TextTokenizer
    #: The model's own chat template, if it has one.
    own_template: ChatTemplate | None
    #: The template in use, its stop strings and default system prompt (see presets.py).
    choice: TemplateChoice
    info: ModelInfo
    load_seconds: float
    exact: bool = False
    #: What is built from the model once and kept with it (the grammar engine's vocabulary)
    kept: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: A smaller model of the same tokenizer that proposes tokens for this one to check
    #: (speculative decoding: see :func:`attach_draft`), or None
    draft: LoadedModel | None = field(default=None, repr=False, compare=False)

    @property
    def cache_model(self) -> Any:
        """What KV caches are made for: the model, and with a draft, the draft's layers
        after the model's own (as mlx-lm's speculative decoding takes them)."""
        return self.model if self.draft is None else _Drafted(self.model, self.draft.model)

    @property
    def vocab_size(self) -> int:
        """Rows of the output layer (0 when the config does not say)."""
        config = self.info.config.get("text_config") or self.info.config
        return int(config.get("vocab_size") or 0)

    @property
    def vocabulary(self) -> int:
        """The token ids the model has: its output rows, else its tokenizer's size."""
        return self.vocab_size or len(self.tokenizer.mlx_tokenizer()._tokenizer)

    @property
    def weights(self) -> str:
        """"native" or "converted" (see ModelInfo.weights)."""
        return self.info.weights

    @property
    def vision(self) -> VisionModel | None:
        """The model as a vision model (it takes images), else None."""
        return self.model if isinstance(self.model, VisionModel) else None

    @property
    def template(self) -> ChatTemplate:
        return self.choice.template


def _gguf_memory_bytes(f: GGUFFile, exact: bool, weights: str) -> int:
    if weights == NATIVE:
        return native_bytes(f)
    total = 0  # what the converter (gguf.weights.convert_tensor) makes of each tensor
    for info in f.tensors.values():
        qtype = info.ggml_type
        if qtype in FLOAT_TYPES:
            total += info.nbytes
        elif qtype in REPACKED_TYPES and len(info.shape) == 2:  # n bits + scale, bias per 32
            bits = 8 if qtype == GGMLQuantizationType.Q8_0 else 4
            total += info.n_elements * (bits + 1) // 8
        elif exact or qtype in KEEP_FLOAT_TYPES or len(info.shape) != 2:
            total += info.n_elements * 2  # float16
        else:
            total += info.n_elements * (nearest_mlx_bits(qtype) + 1) // 8
    return total


def _dims(config: dict[str, Any]) -> tuple[int, int, int]:
    text = config.get("text_config", config)
    n_layers = int(text.get("num_hidden_layers", 0))
    n_heads = int(text.get("num_attention_heads", 1))
    n_kv = int(text.get("num_key_value_heads") or n_heads)
    head_dim = int(text.get("head_dim") or text.get("hidden_size", 0) // max(n_heads, 1))
    return n_layers, n_kv, head_dim


def _inspect_gguf(source: ModelSource, exact: bool) -> tuple[ModelInfo, GGUFFile]:
    f = read_gguf(source.path)
    arch_spec(f)  # unsupported architecture → clear error before anything else
    config = model_config(f)
    problem = "exact mode (float16 values) asked for" if exact else native_problem(f)
    weights = CONVERTED if problem else NATIVE
    if weights == CONVERTED:
        unreadable = next((t for t in f.tensors.values() if not convertible(t.ggml_type)), None)
        if unreadable is not None:
            uses = f"{source.path.name} uses the {unreadable.type_name} tensor type, which"
            if unreadable.ggml_type in CODECS:
                raise UnsupportedModelError(
                    f"{uses} Orchard can only run through mlx-kquant ({problem}).")
            raise UnsupportedModelError(f"{uses} Orchard cannot read yet.")
    n_layers, n_kv, head_dim = _dims(config)
    types: dict[str, int] = {}
    for t in f.tensors.values():
        if len(t.shape) == 2:
            types[t.type_name] = types.get(t.type_name, 0) + t.nbytes
    # the file's own name for its quantization; else (an unquantized export, an old file)
    # the tensor type that holds the most bytes
    quant = file_type_name(f.metadata) or (
        max(types, key=lambda k: types[k]) if types else "unknown")
    info = ModelInfo(
        name=source.name,  # what the user knows the model by: its file, or "starter"
        metadata_name=str(f.metadata.get("general.name") or ""),
        format="gguf",
        path=source.path,
        architecture=str(f.metadata["general.architecture"]),
        quantization=quant,
        size_bytes=source.size_bytes,
        context_length=int(config.get("max_position_embeddings") or 4096),
        n_layers=n_layers,
        n_kv_heads=n_kv,
        head_dim=head_dim,
        weights_bytes=_gguf_memory_bytes(f, exact, weights),
        config=config,
        weights=weights,
        weights_note=problem or "",
        sampling={k: v for k, v in f.metadata.items() if k.startswith("general.sampling.")},
    )
    return info, f


def _read_config(folder: Path) -> dict[str, Any]:
    data = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _inspect_mlx(source: ModelSource) -> ModelInfo:
    config = _read_config(source.path)
    n_layers, n_kv, head_dim = _dims(config)
    q = config.get("quantization") or config.get("quantization_config") or {}
    quant = f"{q['bits']}-bit" if isinstance(q, dict) and "bits" in q else str(
        config.get("torch_dtype") or config.get("dtype") or "float16"
    )
    text = config.get("text_config", config)
    weights = sum(p.stat().st_size for p in source.path.glob("*.safetensors"))
    return ModelInfo(
        name=source.name,
        format="mlx",
        path=source.path,
        architecture=str(config.get("model_type", "unknown")),
        quantization=quant,
        size_bytes=source.size_bytes,
        context_length=int(text.get("max_position_embeddings") or 4096),
        n_layers=n_layers,
        n_kv_heads=n_kv,
        head_dim=head_dim,
        weights_bytes=weights,
        config=config,
        vision=is_vision_config(config),
    )


def inspect_model(spec: str | os.PathLike[str], *, exact: bool = False) -> ModelInfo:
    """Facts about a model from its headers only: safe on any file, no weights read."""
    source = resolve(spec)
    if source.kind == "gguf":
        return _inspect_gguf(source, exact)[0]
    return _inspect_mlx(source)


def _ready_gguf_tokenizer(f: GGUFFile) -> TextTokenizer:
    """The file's tokenizer with its mlx-lm wrapper built (not in the first reply)."""
    from inference.gguf.tokenizer import tokenizer_from_gguf

    tokenizer = tokenizer_from_gguf(f.metadata)
    tokenizer.mlx_tokenizer()
    return tokenizer


def _mlx_template(folder: Path, wrapper: Any) -> ChatTemplate | None:
    jinja = folder / "chat_template.jinja"
    if jinja.is_file():
        return ChatTemplate("chat_template.jinja", jinja.read_text(encoding="utf-8"))
    processor = folder / "chat_template.json"  # a vision model's processor keeps it here
    if processor.is_file():
        try:
            text = json.loads(processor.read_text(encoding="utf-8")).get("chat_template")
        except (ValueError, AttributeError):
            text = None
        if isinstance(text, str) and text:
            return ChatTemplate("chat_template.json", text)
    template = getattr(wrapper._tokenizer, "chat_template", None)
    if isinstance(template, str) and template:
        return ChatTemplate("tokenizer_config", template)
    return None


def load_model(
    spec: str | os.PathLike[str],
    *,
    exact: bool = False,
    ctx: int | None = None,
    check_memory: bool = True,
    template: str | None = None,
    kv_bits: int | None = None,
) -> LoadedModel:
    """Load a model after checking it will fit (with its KV cache at ``kv_bits``, None for
    16-bit). Raises an OrchardError subclass on bad input."""
    start = time.perf_counter()
    source = resolve(spec)
    if source.kind == "gguf":
        info, f = _inspect_gguf(source, exact)
    else:
        info, f = _inspect_mlx(source), None
    if check_memory:
        info.memory(defaults.context_length(info, ctx, kv_bits), kv_bits).check(info.name)

    if f is not None:
        # The tokenizer (pure Python and Rust, no MLX) is built on a helper thread while this
        # thread reads the weights (mlx-kquant's reader releases the GIL): a load takes about
        # the longer of the two instead of their sum. MLX work stays on this thread.
        with ThreadPoolExecutor(1, thread_name_prefix="tokenizer") as pool:
            pending = pool.submit(_ready_gguf_tokenizer, f)
            model, _, _ = build_model(f, exact=exact)
            tokenizer = pending.result()
        chat = f.metadata.get("tokenizer.chat_template")
        own = ChatTemplate("gguf", chat) if isinstance(chat, str) and chat else None
    elif info.vision:
        try:
            model, tokenizer, own = _load_vision_folder(source.path)
        except ModelError as exc:
            # A vision folder mlx-vlm cannot run may still be a text model mlx-lm runs (as
            # Orchard ran them before it had vision): that, rather than nothing.
            log.warning("%s; loading %s for text only", exc, source.path.name)
            try:
                model, tokenizer, own = _load_mlx_folder(source.path)
            except ModelError:
                raise exc from None
            tokenizer.mlx_tokenizer()
            info.vision = False
    else:
        model, tokenizer, own = _load_mlx_folder(source.path)
        tokenizer.mlx_tokenizer()  # built now, on the loading thread, not in the first reply
    choice = choose_template(
        model_key=info.key, own=own, name=info.recognition_name, architecture=info.architecture,
        special_tokens=tokenizer.special_tokens, requested=template,
    )
    seconds = time.perf_counter() - start
    log.info("loaded %s in %.2fs (%s weights%s)", info.name, seconds, info.weights,
             f": {info.weights_note}" if info.weights_note else "")
    return LoadedModel(model, tokenizer, own, choice, info, seconds, exact)


class _Drafted:
    """A model and its draft, as mlx-lm's cache helpers see one model: the caches of both."""

    def __init__(self, model: nn.Module, draft: nn.Module) -> None:
        self.model, self.draft = model, draft

    @property
    def layers(self) -> list[Any]:
        return [*self.model.layers, *self.draft.layers]

    def make_cache(self) -> list[Any]:
        from mlx_lm.models.cache import make_prompt_cache

        return [*make_prompt_cache(self.model), *make_prompt_cache(self.draft)]


#: Texts both tokenizers must split alike for one model to draft for the other.
_DRAFT_PROBES = ("The orchard keeps its apples in a cool room over winter.",
                 "def main():\n    print('hello')  # 42", "日本語のテキストと emoji 🍎")


def attach_draft(loaded: LoadedModel, spec: str | os.PathLike[str]) -> LoadedModel:
    """Load ``spec`` as the draft model of ``loaded`` (speculative decoding: the draft proposes
    a few tokens, the model checks them all in one pass and keeps those it would have chosen,
    so greedy output is the model's own). One sentence when the two cannot work together."""
    if loaded.vision is not None:
        raise ModelError("A vision model cannot use a draft model in Orchard yet.")
    draft = load_model(spec, ctx=min(4096, loaded.info.context_length))
    if draft.vision is not None:
        raise ModelError(f"{draft.info.name} is a vision model; a draft must be a text model.")
    ours, theirs = loaded.tokenizer, draft.tokenizer
    same = all(ours.encode(t, add_bos=False) == theirs.encode(t, add_bos=False)
               for t in _DRAFT_PROBES) and ours.eos_token_ids & theirs.eos_token_ids
    if not same:
        raise ModelError(
            f"{draft.info.name} cannot draft for {loaded.info.name}: their tokenizers differ "
            "(a draft must be a smaller model of the same family).")
    loaded.draft = draft
    return loaded


def load_tokenizer(spec: str | os.PathLike[str]) -> TextTokenizer:
    """The model's tokenizer alone, no weights: to split a text as the model would (compare
    checks a stored reference this way without loading the reference)."""
    return _tokenizer_and_template(spec)[0]


def load_text_side(
    spec: str | os.PathLike[str], info: ModelInfo | None = None
) -> tuple[TextTokenizer, TemplateChoice]:
    """The model's tokenizer and the chat template its chats use (chosen as :func:`load_model`
    chooses it), without its weights: compare renders its chat-dialogue text this way for a
    reference whose scores are stored."""
    tokenizer, own = _tokenizer_and_template(spec)
    info = info or inspect_model(spec)
    choice = choose_template(
        model_key=info.key, own=own, name=info.recognition_name, architecture=info.architecture,
        special_tokens=tokenizer.special_tokens,
    )
    return tokenizer, choice


def _tokenizer_and_template(
    spec: str | os.PathLike[str],
) -> tuple[TextTokenizer, ChatTemplate | None]:
    source = resolve(spec)
    if source.kind == "gguf":
        from inference.gguf.tokenizer import tokenizer_from_gguf

        metadata = read_gguf(source.path).metadata
        chat = metadata.get("tokenizer.chat_template")
        own = ChatTemplate("gguf", chat) if isinstance(chat, str) and chat else None
        return tokenizer_from_gguf(metadata), own
    from mlx_lm.utils import load_tokenizer as mlx_load_tokenizer

    config = _read_config(source.path)
    try:
        wrapper = mlx_load_tokenizer(source.path, eos_token_ids=config.get("eos_token_id"))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{source.path.name}'s tokenizer could not be read: {exc}") from exc
    return HFTextTokenizer(wrapper), _mlx_template(source.path, wrapper)


def _load_mlx_folder(folder: Path) -> tuple[nn.Module, TextTokenizer, ChatTemplate | None]:
    from mlx_lm.utils import load_model as mlx_load_model
    from mlx_lm.utils import load_tokenizer

    try:
        model, config = mlx_load_model(folder)
        wrapper = load_tokenizer(folder, eos_token_ids=config.get("eos_token_id"))
    except ValueError as exc:
        if "not supported" in str(exc):
            model_type = _read_config(folder).get("model_type")
            raise UnsupportedModelError(f"unsupported architecture: {model_type}") from exc
        raise ModelError(f"{folder.name} could not be loaded: {exc}") from exc
    except (OSError, KeyError) as exc:
        raise ModelError(f"{folder.name} could not be loaded: {exc}") from exc
    # A float16 folder (quantized ones too: their scales and embedding are float16) would run
    # its residual stream in float16, and Gemma 3's clips it there: float32 instead, as GGUF
    # files run (see gguf/precision.py); matmuls, KV cache and weights stay float16.
    float32_stream(model)
    mx.eval(model.parameters())
    return model, HFTextTokenizer(wrapper), _mlx_template(folder, wrapper)


def _load_vision_folder(folder: Path) -> tuple[nn.Module, TextTokenizer, ChatTemplate | None]:
    """A vision model through mlx-vlm; its text is tokenized as mlx-lm tokenizes any folder's
    (the processor's tokenizer is read from the same files)."""
    from mlx_lm.utils import load_tokenizer

    model, _ = load_vision_folder(folder)
    config = _read_config(folder)
    eos = config.get("eos_token_id") or (config.get("text_config") or {}).get("eos_token_id")
    try:
        wrapper = load_tokenizer(folder, eos_token_ids=eos)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{folder.name}'s tokenizer could not be read: {exc}") from exc
    return model, HFTextTokenizer(wrapper), _mlx_template(folder, wrapper)


__all__ = [
    "GGUFError",
    "attach_draft",
    "HFTextTokenizer",
    "LoadedModel",
    "ModelInfo",
    "TextTokenizer",
    "inspect_model",
    "load_model",
    "load_text_side",
    "load_tokenizer",
]




def add_local(path: str | os.PathLike[str]) -> library.LibraryEntry:
    """Reference the user's GGUF file or MLX folder where it is, without copying it.

    The model is resolved and inspected (headers only) first, so the library only ever lists
    what Orchard can open; the library itself just records the entry.
    """
    source = resolve(Path(path).expanduser().resolve())
    info = inspect_model(source.path)
    return library.add_reference(
        source.path, name=source.name, format=source.kind, quant=info.quantization,
        size_bytes=source.size_bytes,
    )
