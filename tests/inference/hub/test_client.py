"""Search and the quantization ladder against a loopback Hub (the real huggingface_hub client)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inference.gguf.reader import metadata_from_prefix
from inference.hub import client as hubmod
from inference.hub.client import HubError, gguf_shape_from_prefix, quant_ladder, search
from inference.model.naming import gguf_quant, is_pickle
from tests.fixtures.fake_hub import GGUF_REPO, MLX_REPO, FakeHub, go_online


@pytest.mark.parametrize(("name", "quant"), [
    ("Llama-3-8B-Instruct.Q4_K_M.gguf", "Q4_K_M"),
    ("model-q4_k_m.gguf", "Q4_K_M"),
    ("Qwen2.5-7B-Instruct-Q3_K_L.gguf", "Q3_K_L"),
    ("phi-3-mini-IQ2_XXS.gguf", "IQ2_XXS"),
    ("x-IQ4_NL.gguf", "IQ4_NL"),
    ("x.Q8_0.gguf", "Q8_0"),
    ("x-f16.gguf", "F16"),
    ("x-BF16-00001-of-00003.gguf", "BF16"),
    ("Q4_K_M/big-Q4_K_M-00002-of-00002.gguf", "Q4_K_M"),
    ("x-Q2_K.gguf", "Q2_K"),
    ("x-Q6_K.gguf", "Q6_K"),
    ("x-UD-Q4_K_XL.gguf", "Q4_K_XL"),
    ("Q4_0-model-Q5_K_S.gguf", "Q5_K_S"),
    ("plain.gguf", None),
])
def test_gguf_quant_names(name: str, quant: str | None) -> None:
    assert gguf_quant(name) == quant


def test_pickle_names() -> None:
    assert is_pickle("pytorch_model.bin") and is_pickle(Path("x/model.PT"))
    assert not is_pickle("model.safetensors") and not is_pickle("x.gguf")


def test_search_filters_and_sorts(hub: FakeHub) -> None:
    assert [r.repo for r in search("tiny")] == [
        "owner/tiny", "owner/tiny-mlx"]  # gated repo's name does not contain "tiny"
    assert [r.repo for r in search("", sort="likes")][0] == MLX_REPO
    assert [r.repo for r in search("", sort="updated")][0] == MLX_REPO
    only_mlx = search("tiny", fmt="mlx")
    assert [r.repo for r in only_mlx] == [MLX_REPO] and only_mlx[0].formats == ["mlx"]
    gated = search("gated")
    assert gated[0].gated is True
    query = [p for m, p, _ in hub.requests if p == "/api/models"]
    assert query


def test_search_rejects_unknown_sort(hub: FakeHub) -> None:
    with pytest.raises(HubError, match="Unknown sort"):
        search("x", sort="stars")


def test_gguf_ladder(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", "8GB")
    ladder = quant_ladder(GGUF_REPO, ctx=2048)
    assert ladder.format == "gguf" and ladder.revision == hub.repos[GGUF_REPO].sha
    quants = {o.quant: o for o in ladder.options}
    assert set(quants) == {"Q4_0", "Q8_0", "F16", "Q6_K"}
    split = quants["Q6_K"]
    assert split.files == ["tiny-Q6_K-00001-of-00002.gguf", "tiny-Q6_K-00002-of-00002.gguf"]
    files = hub.repos[GGUF_REPO].files
    assert split.size_bytes == sum(len(files[f]) for f in split.files)
    assert quants["Q8_0"].bits_per_weight == 8.5
    # The header probe read the real shape: 2 layers, the tiny model's KV heads and head dim.
    assert all(o.kv_known for o in ladder.options)
    shape = gguf_shape_from_prefix(files["tiny-Q4_0.gguf"][:4096])
    assert shape is not None and shape.n_layers == 2
    head = metadata_from_prefix(files["tiny-Q4_0.gguf"][:4096])
    assert head["general.architecture"] == "llama" and head["llama.block_count"] == 2
    assert metadata_from_prefix(b"not a gguf") == {} and metadata_from_prefix(b"GGUF") == {}
    assert quants["F16"].memory.kv_bytes == shape.bytes(2048)
    assert quants["F16"].memory.weights_bytes == len(files["tiny-F16.gguf"])
    assert {o.verdict for o in ladder.options} == {"fits"}
    ranged = [r for m, p, r in hub.requests if m == "GET" and "/resolve/" in p]
    assert ranged == [f"bytes=0-{hubmod.HEADER_PROBE_BYTES - 1}"]  # one small read, no more
    assert "pytorch_model.bin" not in str([o.files for o in ladder.options])


def test_ladder_verdicts_follow_the_budget(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    files = hub.repos[GGUF_REPO].files
    from inference.model.memory import OVERHEAD_BYTES

    budget = OVERHEAD_BYTES + (len(files["tiny-Q4_0.gguf"]) + len(files["tiny-F16.gguf"])) // 2
    monkeypatch.setenv("ORCHARD_MEMORY_LIMIT", str(budget))
    verdicts = {o.quant: o.verdict for o in quant_ladder(GGUF_REPO, ctx=16).options}
    assert verdicts["Q4_0"] in ("fits", "tight")
    assert verdicts["F16"] == "will not fit"


def test_ladder_guesses_kv_when_the_header_cannot_be_read(
        hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hubmod, "_probe_gguf_shape", lambda *a: None)
    ladder = quant_ladder(GGUF_REPO, ctx=4096)
    assert not any(o.kv_known for o in ladder.options)
    assert all(o.memory.kv_bytes >= 16 * 1024 * 4096 for o in ladder.options)


def test_mlx_ladder_from_config(hub: FakeHub, tiny_mlx_model: Any) -> None:
    ladder = quant_ladder(MLX_REPO, ctx=1024)
    assert ladder.format == "mlx" and len(ladder.options) == 1
    option = ladder.options[0]
    assert "pytorch_model.bin" not in option.files and "config.json" in option.files
    import json

    config = json.loads((Path(tiny_mlx_model("llama")) / "config.json").read_text())
    n_kv = config.get("num_key_value_heads") or config["num_attention_heads"]
    head_dim = config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    assert option.memory.kv_bytes == 2 * config["num_hidden_layers"] * n_kv * head_dim * 1024 * 2


def test_mlx_quant_bits() -> None:
    assert hubmod.mlx_quant({"quantization": {"bits": 4, "group_size": 64}}) == ("4-bit", 4.5)
    assert hubmod.mlx_quant({"torch_dtype": "bfloat16"}) == ("bfloat16", 16.0)


def test_missing_repo_and_bad_names(hub: FakeHub) -> None:
    with pytest.raises(HubError, match="No model repository named owner/none"):
        quant_ladder("owner/none")
    with pytest.raises(HubError, match="not a Hub repository name"):
        quant_ladder("../etc")


def test_unreachable_hub_is_one_sentence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    h = FakeHub()
    h.start()
    go_online(monkeypatch, h, tmp_path)
    h.stop()  # nothing listens there any more
    with pytest.raises(HubError, match="Could not reach the Hub"):
        search("x")


def test_an_unreachable_hub_fails_at_once_without_retries(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A search with the Hub unreachable used to sit at "Searching…" for about 40 s while
    huggingface_hub retried with back-off; now it is one try and one sentence."""
    import socket
    import threading

    import huggingface_hub.utils._http as hf_http

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    attempts = []

    def hang_up() -> None:  # a "Hub" that drops every connection unanswered
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            attempts.append(1)
            conn.close()

    threading.Thread(target=hang_up, daemon=True).start()
    h = FakeHub()
    go_online(monkeypatch, h, tmp_path)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{listener.getsockname()[1]}")
    waits: list[float] = []
    monkeypatch.setattr(hf_http.time, "sleep", waits.append)
    try:
        with pytest.raises(HubError, match="Could not reach the Hub"):
            search("x")
        with pytest.raises(HubError, match="Could not reach the Hub"):
            hubmod.list_repo("owner/repo")
    finally:
        listener.close()
    assert waits == [] and len(attempts) == 2  # one quick look each, no back-off


def test_an_unexpected_hub_reply_is_one_sentence() -> None:
    """A reply of another shape surfaces inside huggingface_hub as a KeyError ('pointerSize')
    or a TypeError; the user gets a sentence, never the bare key."""
    from inference.hub.client import HubError, hub_errors

    for error in (KeyError("pointerSize"), TypeError("list indices must be integers")):
        with pytest.raises(HubError, match=r"sent an answer Orchard did not expect for "
                                           r"owner/repo; try again later\.$"):
            with hub_errors("owner/repo"):
                raise error


def test_mlx_quant_names_floating_point_modes() -> None:
    """mlx-lm writes ``mode`` for its floating-point quants: a shared 8-bit scale per group
    of 32 (mxfp4, mxfp8) or 16 (nvfp4), no bias."""
    q = {"quantization": {"bits": 4, "group_size": 32, "mode": "mxfp4"}}
    assert hubmod.mlx_quant(q) == ("mxfp4", 4.25)
    assert hubmod.mlx_quant({"quantization": {"bits": 4, "group_size": 16, "mode": "nvfp4"}}
                            ) == ("nvfp4", 4.5)
    assert hubmod.mlx_quant({"quantization": {"bits": 3, "group_size": 64, "mode": "affine"}}
                            ) == ("3-bit", 3.5)


def test_base_models_read_the_hub_tags_then_the_card() -> None:
    assert hubmod.base_models(["gguf", "base_model:a/b", "base_model:quantized:a/b"], None
                              ) == ["a/b"]
    # a fine-tune of a/b is another model; the Hub's relation tag says so
    assert hubmod.base_models(["base_model:a/b", "base_model:finetune:a/b"],
                              {"base_model": "a/b"}) == []
    assert hubmod.base_models(["gguf"], {"base_model": ["a/b", "c/d"]}) == ["a/b", "c/d"]
    assert hubmod.base_models(None, None) == []


@pytest.fixture
def siblings(hub: FakeHub, tiny_gguf: Any, tiny_mlx_model: Any) -> FakeHub:
    from tests.fixtures.fake_hub import populate_siblings

    populate_siblings(hub, tiny_gguf, tiny_mlx_model)
    return hub


def test_mlx_siblings_are_the_mlx_quants_of_the_same_base(siblings: FakeHub) -> None:
    from tests.fixtures.fake_hub import SIBLING_GGUF_REPO, SIBLING_MLX_REPOS

    found = hubmod.mlx_siblings(SIBLING_GGUF_REPO, ctx=1024)
    # the most downloaded first; another base's MLX repo and a fine-tune's are not listed
    assert [s.repo for s in found] == list(SIBLING_MLX_REPOS)
    assert all(s.format == "mlx" and len(s.options) == 1 for s in found)
    four, mxfp4 = (s.options[0] for s in found)
    assert (four.quant, four.bits_per_weight) == ("4-bit", 4.5)
    assert (mxfp4.quant, mxfp4.bits_per_weight) == ("mxfp4", 4.25)
    files = siblings.repos[SIBLING_MLX_REPOS[0]].files
    assert four.size_bytes == sum(len(files[f]) for f in four.files)
    assert four.memory.context_length == 1024 and four.verdict
    query = [p for m, p, _ in siblings.requests if p == "/api/models"]
    assert query  # found through the Hub's search, not by name


def test_no_mlx_siblings_without_a_base_or_when_the_hub_fails(siblings: FakeHub) -> None:
    from tests.fixtures.fake_hub import LONE_GGUF_REPO, SIBLING_GGUF_REPO

    assert hubmod.mlx_siblings(LONE_GGUF_REPO) == []  # its card names no base model
    assert hubmod.mlx_siblings(GGUF_REPO) == []
    assert hubmod.mlx_siblings("owner/none") == []  # not found: the GGUF ladder says so
    siblings.fail_search = True
    assert hubmod.mlx_siblings(SIBLING_GGUF_REPO) == []
