"""The Hugging Face Hub: search, and a repository's model files as a quantization ladder.

Everything here goes through ``huggingface_hub`` (``HfApi`` for the listings, its shared HTTP
session for the one small Range read below). This module and ``downloads`` are the only places
Orchard opens a network connection; the rest of the app works offline.

``HF_ENDPOINT`` is honoured at call time (``huggingface_hub`` only reads it at import), and
``HF_HUB_OFFLINE`` is respected: with it set, every call here raises :class:`HubError`.
The user's token comes from huggingface_hub's own store (``hf auth login`` or ``HF_TOKEN``).
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from inference.errors import OrchardError
from inference.model.memory import MemoryEstimate, kv_cache_bytes, memory_budget_bytes
from inference.model.naming import NOMINAL_BPW, SPLIT_RE, gguf_quant, is_pickle

log = logging.getLogger(__name__)

Format = Literal["gguf", "mlx"]
SORTS = {"downloads": "downloads", "likes": "likes", "updated": "last_modified"}
#: What the Hub calls a vision-language model: its ``pipeline_tag``, or one of its tags.
VISION_PIPELINES = frozenset({"image-text-to-text"})
VISION_TAGS = frozenset({"image-text-to-text", "vision"})
#: Bytes of a GGUF read to learn its layer and head counts (they come before the tokenizer).
HEADER_PROBE_BYTES = 256 * 1024
#: The KV cache per token per billion parameters when a GGUF header could not be read: twice
#: Llama-3-8B's (GQA: 32 layers x 8 KV heads x 128 x 2 x float16 = 128 KiB for 8B), so the guess
#: errs towards "tight"; models without GQA (Llama-2-7B: 512 KiB) can still be under-estimated.
_GUESS_KV_PER_TOKEN_PER_BILLION = 32 * 1024


class HubError(OrchardError):
    """A Hub call failed: not found, gated, offline, unreachable."""


class RepoNotFoundError(HubError):
    pass


class GatedRepoError(HubError):
    pass


# huggingface_hub and httpx2 (~0.3 s to import) are imported inside the functions that use
# them, so importing this module (as `orchard models list` does, through downloads) stays cheap.


def hub_endpoint() -> str:
    """``HF_ENDPOINT`` as it is now (huggingface_hub froze it at import), else the Hub's."""
    from huggingface_hub import constants

    return (os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")


def hub_token() -> str | None:
    """The user's token from huggingface_hub's own store (``hf auth login``, ``HF_TOKEN``)."""
    from huggingface_hub import get_token

    return get_token()


#: How long a Hub that answered is taken to be reachable before it is asked again, in seconds.
REACHABLE_FOR = 60.0
#: How long the quick look waits to connect, and for an answer, in seconds.
LOOK_TIMEOUT = (5.0, 10.0)
_answered_at: dict[str, float] = {}


def check_reachable() -> None:
    """One quick request, without retries, before a listing.

    huggingface_hub retries a failed connection five times with back-off and sets no connect
    timeout: right for a download on a flaky line, but an unreachable Hub (no network, DNS
    down, a firewall) kept a search the user waits on at "Searching…" for about 40 s. Any
    HTTP answer, even an error status, means the Hub is there: the listing then goes ahead
    with huggingface_hub's retries. Call inside :func:`hub_errors`."""
    import time

    import httpx2
    from huggingface_hub.utils import get_session

    endpoint = hub_endpoint()
    if time.monotonic() - _answered_at.get(endpoint, -REACHABLE_FOR) < REACHABLE_FOR:
        return
    connect, read = LOOK_TIMEOUT
    get_session().get(endpoint + "/api/models", params={"limit": 1},
                      timeout=httpx2.Timeout(read, connect=connect))
    _answered_at[endpoint] = time.monotonic()


def _api() -> Any:
    from huggingface_hub import HfApi

    check_reachable()
    return HfApi(endpoint=hub_endpoint(), token=hub_token())


def repo_page(repo: str) -> str:
    return f"{hub_endpoint()}/{repo}"


@contextmanager
def hub_errors(repo: str | None = None) -> Iterator[None]:
    """Turn huggingface_hub's and the network's exceptions into one plain sentence."""
    import httpx2
    from huggingface_hub import errors as hf

    try:
        yield
    except hf.OfflineModeIsEnabled as exc:
        raise HubError(
            "Orchard is offline because HF_HUB_OFFLINE is set; unset it to search or download "
            "models."
        ) from exc
    except hf.GatedRepoError as exc:
        raise gated_error(repo or "This repository") from exc
    except hf.RepositoryNotFoundError as exc:
        who = "with your Hugging Face token" if hub_token() else "without a Hugging Face token"
        raise RepoNotFoundError(
            f"No model repository named {repo} is visible on the Hub {who}; check the name, "
            "or if it is private, log in with `hf auth login`."
        ) from exc
    except hf.RevisionNotFoundError as exc:
        raise HubError(f"{repo} has no such revision on the Hub.") from exc
    except hf.RemoteEntryNotFoundError as exc:
        raise HubError(f"A file of {repo} is missing on the Hub ({exc.response.url}).") from exc
    except hf.HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "an"
        raise HubError(
            f"The Hub answered with HTTP {status} for {repo or 'the request'}; try again later."
        ) from exc
    except (httpx2.TransportError, OSError) as exc:
        raise HubError(
            f"Could not reach the Hub at {hub_endpoint()} ({type(exc).__name__}); check your "
            "connection and try again."
        ) from exc
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        # huggingface_hub parses replies by indexing them: a reply of another shape (a proxy,
        # a changed API) surfaces as one of these, never as the user's mistake.
        log.warning("unexpected Hub reply for %s: %r", repo or "a request", exc)
        raise HubError(
            f"The Hub at {hub_endpoint()} sent an answer Orchard did not expect"
            f"{' for ' + repo if repo else ''}; try again later."
        ) from exc


def gated_error(repo: str) -> GatedRepoError:
    if hub_token():
        return GatedRepoError(
            f"{repo} is gated and your Hugging Face account has not been given access yet: "
            f"accept its terms at {repo_page(repo)}, then pull again."
        )
    return GatedRepoError(
        f"{repo} is gated: accept its terms at {repo_page(repo)} while logged in, then log in "
        "here with `hf auth login` (Orchard uses that token) and pull again."
    )


# --- search -----------------------------------------------------------------------------------


def hub_says_vision(pipeline_tag: str | None, tags: list[str] | None) -> bool:
    """Whether the Hub's own metadata calls a repository a vision-language model (one that
    reads images and text). A repository may say nothing: an MLX one's config.json still
    tells (see :func:`quant_ladder`)."""
    return (pipeline_tag or "").lower() in VISION_PIPELINES or any(
        t.lower() in VISION_TAGS for t in tags or [])


@dataclass(frozen=True)
class SearchResult:
    repo: str
    downloads: int
    likes: int
    updated: str | None  # ISO date
    formats: list[str]
    gated: bool
    vision: bool = False  # the Hub calls it a vision model (images and text)

    def as_dict(self) -> dict[str, Any]:
        return {"repo": self.repo, "downloads": self.downloads, "likes": self.likes,
                "updated": self.updated, "formats": self.formats, "gated": self.gated,
                "vision": self.vision}


def search(
    query: str, *, fmt: Format | None = None, sort: str = "downloads", limit: int = 30
) -> list[SearchResult]:
    """Text search over model repositories, optionally only GGUF or only MLX ones."""
    if sort not in SORTS:
        raise HubError(f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}.")
    with hub_errors():
        models = list(_api().list_models(
            search=query or None, filter=fmt, sort=SORTS[sort], limit=limit,
            expand=["downloads", "likes", "lastModified", "tags", "gated", "pipeline_tag"],
        ))
    results = []
    for m in models:
        tags = [t.lower() for t in (m.tags or [])]
        results.append(SearchResult(
            repo=m.id, downloads=int(m.downloads or 0), likes=int(m.likes or 0),
            updated=m.last_modified.isoformat() if m.last_modified else None,
            formats=[f for f in ("gguf", "mlx") if f in tags], gated=bool(m.gated),
            vision=hub_says_vision(getattr(m, "pipeline_tag", None), tags),
        ))
    return results


# --- a repository's files ---------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteFile:
    path: str
    size: int
    sha256: str | None  # LFS files: the content's sha256
    blob_id: str | None  # every file: its git blob sha1


@dataclass
class RepoListing:
    repo: str
    revision: str  # the commit sha every download of this listing is pinned to
    files: list[RemoteFile]
    gated: bool = False
    params: int | None = None  # total parameters, when the Hub knows (GGUF repos)
    vision: bool = False  # the Hub calls it a vision model (pipeline_tag or tags)

    def file(self, path: str) -> RemoteFile:
        for f in self.files:
            if f.path == path:
                return f
        raise HubError(f"{self.repo} has no file named {path}.")


def check_repo_id(repo: str) -> str:
    if not re.fullmatch(r"[\w][\w.-]*/[\w][\w.-]*", repo) or ".." in repo:
        raise HubError(f"{repo!r} is not a Hub repository name (owner/name).")
    return repo


def unsafe_name(path: str) -> bool:
    """True for a name that could write outside the folder it is put in."""
    if not path or path.startswith(("/", "\\")) or "\\" in path or "\x00" in path:
        return True
    if re.match(r"^[A-Za-z]:", path):
        return True
    return any(part in ("", ".", "..") for part in path.split("/"))


def list_repo(repo: str, revision: str = "main") -> RepoListing:
    """The files of ``repo`` at ``revision`` (pinned to its commit) with sizes and hashes."""
    check_repo_id(repo)
    with hub_errors(repo):
        api = _api()
        info = api.model_info(repo, revision=revision)
        sha = str(info.sha or revision)
        entries = list(api.list_repo_tree(repo, recursive=True, revision=sha))
    files = []
    for e in entries:
        if not hasattr(e, "size"):  # a folder
            continue
        if unsafe_name(e.path):
            raise HubError(
                f"The Hub listing of {repo} has a file name that would write outside the models "
                f"folder ({e.path!r}); Orchard refuses to download from it."
            )
        files.append(RemoteFile(e.path, int(e.size or 0), e.lfs.sha256 if e.lfs else None,
                                e.blob_id))
    gguf_meta = getattr(info, "gguf", None) or {}
    params = gguf_meta.get("total") if isinstance(gguf_meta, dict) else None
    return RepoListing(repo, sha, files, bool(getattr(info, "gated", False)),
                       int(params) if params else None,
                       hub_says_vision(getattr(info, "pipeline_tag", None),
                                       getattr(info, "tags", None)))


# --- the quantization ladder ------------------------------------------------------------------


_MLX_NAMES = re.compile(
    r"(config\.json|generation_config\.json|tokenizer\.json|tokenizer_config\.json"
    r"|tokenizer\.model|special_tokens_map\.json|added_tokens\.json|vocab\.json|merges\.txt"
    r"|chat_template\.jinja|chat_template\.json|model\.safetensors\.index\.json"
    # a vision model's image processor settings (without them mlx-vlm quietly uses defaults)
    r"|preprocessor_config\.json|processor_config\.json|video_preprocessor_config\.json"
    r"|[^/]+\.safetensors)",
)


def mlx_files(listing: RepoListing) -> list[RemoteFile]:
    """Config, tokenizer and safetensors at the top of an MLX repo; never pickle weights."""
    return [f for f in listing.files if "/" not in f.path and _MLX_NAMES.fullmatch(f.path)
            and not is_pickle(f.path)]


@dataclass
class QuantOption:
    """One rung of the ladder: a GGUF file (or split set) or a whole MLX repo."""

    quant: str
    format: Format
    files: list[str]
    size_bytes: int
    bits_per_weight: float | None
    memory: MemoryEstimate
    kv_known: bool  # False: the KV cache is a guess (the GGUF header could not be read)

    @property
    def name(self) -> str:
        return self.files[0] if self.format == "gguf" else self.quant

    @property
    def verdict(self) -> str:
        return self.memory.verdict

    def as_dict(self) -> dict[str, Any]:
        return {
            "quant": self.quant, "format": self.format, "files": self.files,
            "size_bytes": self.size_bytes, "bits_per_weight": self.bits_per_weight,
            "memory_bytes": self.memory.total_bytes, "context": self.memory.context_length,
            "kv_known": self.kv_known, "verdict": self.verdict,
        }


@dataclass
class Ladder:
    repo: str
    revision: str
    format: Format | None
    options: list[QuantOption] = field(default_factory=list)
    gated: bool = False
    #: a vision model: the Hub says so, or (MLX) its config.json has a vision tower
    vision: bool = False
    #: GGUF vision projectors (llama.cpp's mmproj files): not rungs, Orchard cannot load them
    projectors: list[str] = field(default_factory=list)

    def option(self, quant: str) -> QuantOption:
        for o in self.options:
            if o.quant.lower() == quant.lower():
                return o
        have = ", ".join(o.quant for o in self.options) or "none"
        raise HubError(f"{self.repo} has no {quant} files (it has: {have}).")


@dataclass(frozen=True)
class KVShape:
    n_layers: int
    n_kv_heads: int
    head_dim: int

    def bytes(self, ctx: int) -> int:
        return kv_cache_bytes(self.n_layers, self.n_kv_heads, self.head_dim, ctx)


def is_projector(path: str) -> bool:
    """A GGUF vision projector: llama.cpp's image encoder for a GGUF vision model, kept in a
    file of its own named ``mmproj…`` (``mmproj-model-f16.gguf``, ``…-mmproj-F16.gguf``)."""
    name = path.rsplit("/", 1)[-1].lower()
    return name.endswith(".gguf") and "mmproj" in name


def projector_files(listing: RepoListing) -> list[str]:
    return sorted(f.path for f in listing.files if is_projector(f.path))


def gguf_groups(listing: RepoListing) -> dict[str, list[RemoteFile]]:
    """GGUF model files keyed by their first file: a split set is one entry, in part order.
    Vision projectors (mmproj) are not models: they are left out (:func:`projector_files`)."""
    groups: dict[str, list[RemoteFile]] = {}
    for f in sorted(listing.files, key=lambda f: f.path):
        if not f.path.lower().endswith(".gguf") or is_projector(f.path):
            continue
        m = SPLIT_RE.search(f.path)
        key = f.path if not m else f.path[: m.start()] + f"-00001-of-{m.group(2)}.gguf"
        groups.setdefault(key, []).append(f)
    return {k: v for k, v in groups.items() if k in (f.path for f in v)}


def _bpw(quant: str, size: int, params: int | None) -> float | None:
    if params:
        return round(size * 8 / params, 2)
    return NOMINAL_BPW.get(quant)


def quant_ladder(repo: str, *, ctx: int = 4096, revision: str = "main",
                 listing: RepoListing | None = None, probe_header: bool = True) -> Ladder:
    """Every model file of ``repo`` grouped by quantization, with memory at ``ctx`` tokens.

    GGUF: weights ≈ file size; the KV cache needs the layer and head counts, which only the
    file's header has. Rather than guess (a guess is off by 4x between models with and without
    grouped-query attention), one HTTP Range read of the first 256 KiB of the smallest file
    gives them: llama.cpp writes the architecture keys before the tokenizer, so they fit. All
    quants of a repo share the shape. If that read fails, a conservative guess is used and
    ``kv_known`` is False. MLX: the repo's config.json (a few KB) gives both bits and shape.

    ``vision``: the Hub calls the repo a vision model, or its MLX config has a vision tower.
    A GGUF repo's mmproj files (llama.cpp's image encoders) are listed as ``projectors``, not
    as rungs: Orchard runs GGUF models for text only.
    """
    listing = listing or list_repo(repo, revision)
    budget = memory_budget_bytes()
    ladder = Ladder(repo, listing.revision, None, gated=listing.gated, vision=listing.vision)
    groups = gguf_groups(listing)
    if groups:
        ladder.format = "gguf"
        ladder.projectors = projector_files(listing)
        smallest = min(groups.values(), key=lambda fs: sum(f.size for f in fs))
        shape = _probe_gguf_shape(repo, listing.revision, smallest[0].path) if probe_header \
            else None
        for first, files in groups.items():
            size = sum(f.size for f in files)
            quant = gguf_quant(first) or os.path.basename(first).removesuffix(".gguf")
            bpw = _bpw(quant, size, listing.params)
            kv = shape.bytes(ctx) if shape else _guess_kv(size, bpw, ctx)
            ladder.options.append(QuantOption(
                quant, "gguf", [f.path for f in files], size, bpw,
                MemoryEstimate(size, kv, ctx, budget), shape is not None,
            ))
        ladder.options.sort(key=lambda o: (o.size_bytes, o.quant))
        return ladder
    weights = [f for f in mlx_files(listing) if f.path.endswith(".safetensors")]
    if weights and any(f.path == "config.json" for f in listing.files):
        ladder.format = "mlx"
        config = _fetch_json(repo, listing.revision, "config.json")
        size = sum(f.size for f in mlx_files(listing))
        quant, bits = mlx_quant(config)
        shape = _config_shape(config)
        ladder.vision = ladder.vision or _is_vision_config(config)
        ladder.options.append(QuantOption(
            quant, "mlx", [f.path for f in mlx_files(listing)], size, bits,
            MemoryEstimate(sum(f.size for f in weights), shape.bytes(ctx), ctx, budget), True,
        ))
    return ladder


# --- MLX versions of a GGUF repo's model ---------------------------------------------------

#: The most MLX repos of one base model looked at (each costs three small Hub requests), the
#: most downloaded first.
MAX_SIBLINGS = 12
#: How many of them are listed at once.
_SIBLING_WORKERS = 4


def base_models(tags: list[str] | None, card_data: Any) -> list[str]:
    """The models a repo was quantized from, as the Hub records them.

    The Hub tags a repo ``base_model:quantized:<owner/name>`` when its model card names a
    ``base_model`` and the repo is a quantization of it (``base_model:finetune:…``,
    ``…:adapter:…`` and ``…:merge:…`` are other models, not other files of this one). A card
    may name its base without the Hub having inferred the relation: then ``cardData``'s
    ``base_model`` (one name or a list) is taken as it is.
    """
    prefix = "base_model:quantized:"
    bases = [t[len(prefix):] for t in tags or [] if t.startswith(prefix)]
    if bases or any(t.startswith("base_model:") for t in tags or []):
        return bases
    named = card_data.get("base_model") if card_data is not None else None
    if isinstance(named, str):
        named = [named]
    return [b for b in named or [] if isinstance(b, str)]


def mlx_siblings(repo: str, *, ctx: int = 4096, limit: int = MAX_SIBLINGS) -> list[Ladder]:
    """The MLX repos quantized from the same base model as ``repo`` (a GGUF repo), each as its
    one-rung ladder, the most downloaded first: the GGUF quants and the MLX ones of one model
    side by side.

    The Hub finds them by two tags at once: ``base_model:quantized:<base>`` and ``mlx``
    (``/api/models?filter=…&filter=…`` asks for repos with every tag given). This is extra
    information beside the GGUF ladder, so a failure never breaks it: a Hub error is logged
    and gives ``[]``, and a sibling that cannot be listed is left out.
    """
    from concurrent.futures import ThreadPoolExecutor

    try:
        check_repo_id(repo)
        with hub_errors(repo):
            api = _api()
            info = api.model_info(repo)
            bases = base_models(getattr(info, "tags", None), getattr(info, "card_data", None))
            found: list[str] = []
            for base in bases:
                for m in api.list_models(filter=[f"base_model:quantized:{base}", "mlx"],
                                         sort="downloads", limit=limit):
                    if m.id != repo and m.id not in found:
                        found.append(m.id)
    except HubError as exc:
        log.info("could not look for MLX versions of %s: %s", repo, exc)
        return []
    found = found[:limit]

    def ladder(sibling: str) -> Ladder | None:
        try:
            one = quant_ladder(sibling, ctx=ctx)
        except (HubError, OSError, ValueError) as exc:
            log.info("could not list %s (an MLX version of %s): %s", sibling, repo, exc)
            return None
        return one if one.format == "mlx" and one.options else None

    with ThreadPoolExecutor(max_workers=_SIBLING_WORKERS) as pool:
        return [s for s in pool.map(ladder, found) if s is not None]


def _is_vision_config(config: dict[str, Any]) -> bool:
    # imported here: inference.vision brings MLX, which search and `models list` never need
    from inference.vision import is_vision_config

    return is_vision_config(config)


#: Bits of scale per group in MLX's floating-point quantization modes (mlx-lm's ``mode``):
#: mxfp4 and mxfp8 keep one 8-bit power-of-two scale per 32 weights, nvfp4 an 8-bit float
#: scale per 16. Affine (the default) keeps a float16 scale and a float16 bias per group.
_FP_MODE_SCALE_BITS = {"mxfp4": 8, "mxfp8": 8, "nvfp4": 8}


def mlx_quant(config: dict[str, Any]) -> tuple[str, float | None]:
    """An MLX repo's quantization as named on the ladder ("4-bit", "mxfp4", "bfloat16") and
    its bits per weight, from config.json (mlx-lm writes ``quantization``)."""
    q = config.get("quantization") or config.get("quantization_config") or {}
    if isinstance(q, dict) and "bits" in q:
        bits = int(q["bits"])
        mode = str(q.get("mode") or "affine").lower()
        if mode in _FP_MODE_SCALE_BITS:
            group = int(q.get("group_size", 32) or 32)
            return mode, round(bits + _FP_MODE_SCALE_BITS[mode] / group, 2)
        group = int(q.get("group_size", 64) or 64)
        return f"{bits}-bit", round(bits + 32 / group, 2)  # a float16 scale and bias per group
    dtype = str(config.get("torch_dtype") or config.get("dtype") or "float16")
    return dtype, 32.0 if dtype == "float32" else 16.0


def _config_shape(config: dict[str, Any]) -> KVShape:
    text = config.get("text_config", config)
    n_heads = int(text.get("num_attention_heads", 1) or 1)
    n_kv = int(text.get("num_key_value_heads") or n_heads)
    head_dim = int(text.get("head_dim") or int(text.get("hidden_size", 0)) // n_heads)
    return KVShape(int(text.get("num_hidden_layers", 0)), n_kv, head_dim)


def _guess_kv(size: int, bpw: float | None, ctx: int) -> int:
    billions = size * 8 / (bpw or 5.0) / 1e9
    return max(16 * 1024, int(billions * _GUESS_KV_PER_TOKEN_PER_BILLION)) * ctx


#: The most a small read (a config file, a header probe) takes from the server, whatever it
#: sends: a server that streams forever must not fill memory.
MAX_SMALL_READ = 4 << 20


def _get(repo: str, revision: str, path: str, headers: dict[str, str] | None = None,
         limit: int = MAX_SMALL_READ) -> bytes:
    """At most ``limit`` bytes of a file (a longer reply is cut there, never buffered)."""
    from huggingface_hub import hf_hub_url
    from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

    url = hf_hub_url(repo, path, revision=revision, endpoint=hub_endpoint())
    with hub_errors(repo):
        with get_session().stream("GET", url, headers={**build_hf_headers(token=hub_token()),
                                                       **(headers or {})}, timeout=30) as r:
            if r.status_code >= 400:
                r.read()
            hf_raise_for_status(r)
            data = bytearray()
            for chunk in r.iter_bytes():
                data += chunk[: limit - len(data)]
                if len(data) >= limit:
                    break
            return bytes(data)


def _fetch_json(repo: str, revision: str, path: str) -> dict[str, Any]:
    try:
        data = json.loads(_get(repo, revision, path))
    except ValueError as exc:
        raise HubError(f"{path} of {repo} is not valid JSON.") from exc
    return data if isinstance(data, dict) else {}


def _probe_gguf_shape(repo: str, revision: str, path: str) -> KVShape | None:
    try:
        head = _get(repo, revision, path, {"Range": f"bytes=0-{HEADER_PROBE_BYTES - 1}"},
                    limit=HEADER_PROBE_BYTES)
    except HubError as exc:  # gated without access, too: the ladder says it is gated
        log.info("could not read the header of %s/%s: %s", repo, path, exc)
        return None
    return gguf_shape_from_prefix(head[:HEADER_PROBE_BYTES])


def gguf_shape_from_prefix(data: bytes) -> KVShape | None:
    """Layer and head counts from the first bytes of a GGUF (metadata read until it runs out)."""
    # Imported here: the reader brings numpy and gguf-py (~0.2 s), which `orchard models list`
    # and search never need; only the ladder's header probe does.
    from inference.gguf.reader import metadata_from_prefix

    md = metadata_from_prefix(data)
    arch = md.get("general.architecture")
    if not isinstance(arch, str):
        return None
    try:
        n_layers = int(md[f"{arch}.block_count"])
        n_heads = int(md[f"{arch}.attention.head_count"])
        n_kv_heads = int(md.get(f"{arch}.attention.head_count_kv", n_heads))
        head_dim = int(md.get(f"{arch}.attention.key_length")
                       or int(md[f"{arch}.embedding_length"]) // max(n_heads, 1))
    except (KeyError, TypeError, ValueError):
        return None
    return KVShape(n_layers, n_kv_heads, head_dim)
