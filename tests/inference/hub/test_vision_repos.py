"""Vision models on the Hub: what the Hub's metadata says (pipeline_tag, tags), what an MLX
repo's config.json says, a GGUF repo's mmproj file (an image encoder, never a rung of the
ladder), and an MLX vision repo downloaded with its processor files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inference.hub.client import HubError, hub_says_vision, is_projector, quant_ladder, search
from inference.hub.downloads import plan_pull, pull
from inference.model.load import inspect_model
from tests.fixtures.fake_hub import (
    GGUF_REPO,
    MLX_REPO,
    VLM_GGUF_REPO,
    VLM_REPO,
    FakeHub,
    populate_vision,
)


@pytest.fixture()
def vision_hub(hub: FakeHub, tiny_vlm: Path, tiny_gguf: Any) -> FakeHub:
    populate_vision(hub, tiny_vlm, tiny_gguf)
    return hub


def test_the_hubs_metadata_names_vision_models() -> None:
    assert hub_says_vision("image-text-to-text", None)
    assert hub_says_vision(None, ["gguf", "Image-Text-To-Text"])
    assert hub_says_vision("text-generation", ["vision"])
    assert not hub_says_vision("text-generation", ["gguf", "conversational"])
    assert not hub_says_vision(None, None)


def test_search_marks_what_the_hub_calls_vision(vision_hub: FakeHub) -> None:
    found = {r.repo: r for r in search("")}
    assert found[VLM_GGUF_REPO].vision and found[VLM_GGUF_REPO].as_dict()["vision"] is True
    # the MLX one says nothing in its metadata: only its config.json tells (the ladder)
    assert not found[VLM_REPO].vision
    assert not found[GGUF_REPO].vision and not found[MLX_REPO].vision


def test_a_gguf_repos_mmproj_is_a_projector_not_a_rung(vision_hub: FakeHub) -> None:
    assert is_projector("mmproj-model-f16.gguf") and is_projector("x/Qwen2-VL-mmproj-F16.gguf")
    assert not is_projector("model-F16.gguf") and not is_projector("mmproj-notes.txt")
    ladder = quant_ladder(VLM_GGUF_REPO, ctx=1024)
    assert ladder.format == "gguf" and ladder.vision
    assert [o.files for o in ladder.options] == [["small-vl-Q8_0.gguf"]]
    assert ladder.projectors == ["mmproj-small-vl-f16.gguf"]
    assert ladder.options[0].kv_known  # the header probe read the model, not the projector
    # nor can a pull pick it by its quant
    with pytest.raises(HubError, match=r"has no F16 files \(it has: Q8_0\)"):
        plan_pull(VLM_GGUF_REPO, quant="F16")
    text_only = quant_ladder(GGUF_REPO, ctx=1024)
    assert not text_only.vision and text_only.projectors == []


def test_an_mlx_repos_config_tells_it_is_a_vision_model(vision_hub: FakeHub) -> None:
    ladder = quant_ladder(VLM_REPO, ctx=1024)
    assert ladder.format == "mlx" and ladder.vision and ladder.projectors == []
    assert not quant_ladder(MLX_REPO, ctx=1024).vision


def test_an_mlx_vision_repo_downloads_with_its_processor(vision_hub: FakeHub) -> None:
    entry = pull(VLM_REPO)
    names = {p.name for p in entry.location.iterdir()}
    # the image processor's own settings (pixel limits, normalisation): without them
    # mlx-vlm quietly falls back to its defaults
    assert {"preprocessor_config.json", "processor_config.json"} <= names
    assert inspect_model(entry.id).vision
