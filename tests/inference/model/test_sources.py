"""What the user types after ``-m`` becomes the right model source, or one clear refusal.

Resolving only looks at names and small JSON files, so these tests build folders by hand and
never load weights.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from inference.errors import ModelError, UnsupportedModelError
from inference.model.sources import resolve, split_paths


def _copy_mlx(tiny_mlx_model: Callable[..., Path], dest: Path) -> Path:
    return Path(shutil.copytree(tiny_mlx_model("llama"), dest))


# --- what resolves -----------------------------------------------------------------------------


def test_starter_resolves_to_the_bundled_gguf(starter_gguf: Path) -> None:
    source = resolve("starter")
    assert source.kind == "gguf"
    assert source.path.resolve() == starter_gguf.resolve()
    assert "starter" in source.name


def test_gguf_file(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama")
    source = resolve(path)
    assert source.kind == "gguf"
    assert source.path == path
    assert source.name == "tiny-llama-F32"
    assert source.size_bytes == path.stat().st_size


def test_gguf_path_given_as_string(tiny_gguf: Callable[..., Path]) -> None:
    path = tiny_gguf("llama")
    assert resolve(str(path)).path == path


def test_folder_holding_one_gguf(tiny_gguf: Callable[..., Path], tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(tiny_gguf("llama"), folder / "model.gguf")
    (folder / "README.md").write_text("a model card\n")
    source = resolve(folder)
    assert source.kind == "gguf"
    assert source.path == folder / "model.gguf"


def test_mlx_folder(tiny_mlx_model: Callable[..., Path]) -> None:
    folder = tiny_mlx_model("llama")
    source = resolve(folder)
    assert source.kind == "mlx"
    assert source.path == folder
    assert source.name == folder.name
    assert source.size_bytes == sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def test_safetensors_file_opens_its_folder(tiny_mlx_model: Callable[..., Path]) -> None:
    folder = tiny_mlx_model("llama")
    source = resolve(folder / "model.safetensors")
    assert (source.kind, source.path) == ("mlx", folder)


def test_split_gguf_resolves_from_its_first_shard(tiny_gguf: Callable[..., Path]) -> None:
    first = tiny_gguf("llama", split=2)
    assert first.name.endswith("-00001-of-00002.gguf")
    source = resolve(first)
    assert source.kind == "gguf"
    assert source.path == first
    assert source.name == "tiny-llama-F32"  # no shard suffix in what the user sees
    shards = split_paths(first)
    assert [p.name for p in shards] == [
        "tiny-llama-F32-00001-of-00002.gguf",
        "tiny-llama-F32-00002-of-00002.gguf",
    ]
    assert source.size_bytes == sum(p.stat().st_size for p in shards)


def test_folder_of_a_split_set_resolves_to_its_first_shard(
    tiny_gguf: Callable[..., Path],
) -> None:
    first = tiny_gguf("llama", split=2)
    assert resolve(first.parent).path == first


def test_second_shard_names_the_first(tiny_gguf: Callable[..., Path]) -> None:
    second = split_paths(tiny_gguf("llama", split=2))[1]
    with pytest.raises(ModelError) as err:
        resolve(second)
    assert "tiny-llama-F32-00001-of-00002.gguf" in str(err.value)


# --- what is refused ---------------------------------------------------------------------------


def test_missing_path_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "model.gguf"
    with pytest.raises(ModelError) as err:
        resolve(missing)
    assert str(missing) in str(err.value)


@pytest.mark.parametrize("suffix", [".bin", ".pt", ".pth", ".ckpt"])
def test_pickle_weight_file_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"model{suffix}"
    path.write_bytes(b"\x80\x04not really a pickle")
    with pytest.raises(ModelError) as err:
        resolve(path)
    message = str(err.value)
    assert "pickle" in message
    assert "run arbitrary code" in message
    assert path.name in message


def test_folder_with_only_pickle_weights_is_refused(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path
) -> None:
    folder = _copy_mlx(tiny_mlx_model, tmp_path / "torch-model")
    (folder / "model.safetensors").unlink()
    (folder / "pytorch_model.bin").write_bytes(b"\x80\x04not really a pickle")
    with pytest.raises(ModelError) as err:
        resolve(folder)
    message = str(err.value)
    assert "pytorch_model.bin" in message
    assert "pickle" in message and "run arbitrary code" in message


def test_folder_with_safetensors_and_a_stray_bin_is_fine(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path
) -> None:
    folder = _copy_mlx(tiny_mlx_model, tmp_path / "both")
    (folder / "training_args.bin").write_bytes(b"\x80\x04")
    assert resolve(folder).kind == "mlx"


def test_folder_without_weights_is_not_an_mlx_model(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path
) -> None:
    folder = _copy_mlx(tiny_mlx_model, tmp_path / "empty")
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="no .safetensors"):
        resolve(folder)


@pytest.mark.parametrize("key", ["auto_map", "model_file"])
def test_config_needing_remote_code_is_refused(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path, key: str
) -> None:
    folder = _copy_mlx(tiny_mlx_model, tmp_path / "remote")
    config = json.loads((folder / "config.json").read_text())
    config[key] = {"AutoModelForCausalLM": "modeling_custom.CustomModel"}
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(UnsupportedModelError, match="trust_remote_code"):
        resolve(folder)


def test_tokenizer_needing_remote_code_is_refused(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path
) -> None:
    folder = _copy_mlx(tiny_mlx_model, tmp_path / "remote-tok")
    tok = json.loads((folder / "tokenizer_config.json").read_text())
    tok["auto_map"] = {"AutoTokenizer": ["tokenization_custom.CustomTokenizer", None]}
    (folder / "tokenizer_config.json").write_text(json.dumps(tok))
    with pytest.raises(UnsupportedModelError, match="trust_remote_code"):
        resolve(folder)


def test_broken_config_json_is_a_model_error(
    tiny_mlx_model: Callable[..., Path], tmp_path: Path
) -> None:
    folder = _copy_mlx(tiny_mlx_model, tmp_path / "broken")
    (folder / "config.json").write_text("{ not json")
    with pytest.raises(ModelError, match="config.json"):
        resolve(folder)


def test_folder_with_two_ggufs_asks_to_pick_one(
    tiny_gguf: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    shutil.copy(tiny_gguf("llama"), folder / "a.Q4_0.gguf")
    shutil.copy(tiny_gguf("llama"), folder / "a.Q8_0.gguf")
    with pytest.raises(ModelError, match="pick one"):
        resolve(folder)


def test_folder_with_no_model(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    with pytest.raises(ModelError, match="neither a GGUF file nor an MLX model"):
        resolve(tmp_path)


def test_text_file_is_not_a_gguf(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(ModelError) as err:
        resolve(path)
    assert "notes.txt is not a GGUF file" in str(err.value)


def test_starter_override_that_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "gone.gguf"
    monkeypatch.setenv("ORCHARD_STARTER_MODEL", str(missing))
    with pytest.raises(ModelError) as err:
        resolve("starter")
    assert str(missing) in str(err.value)


def test_uppercase_gguf_names_resolve(tiny_gguf: Callable[..., Path], tmp_path: Path) -> None:
    folder = tmp_path / "upper"
    folder.mkdir()
    shutil.copy(tiny_gguf("llama", "F32"), folder / "MODEL.GGUF")
    assert resolve(folder).path == folder / "MODEL.GGUF"
    assert resolve(folder / "MODEL.GGUF").kind == "gguf"


def test_folder_with_config_and_a_gguf_but_no_safetensors_opens_the_gguf(
    tiny_gguf: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    shutil.copy(tiny_gguf("llama", "F32"), folder / "model.gguf")
    source = resolve(folder)
    assert source.kind == "gguf" and source.path.name == "model.gguf"


def test_a_folder_that_cannot_be_listed_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root, permissions do not stop a read: the OS's refusal is raised by hand."""
    from inference.errors import ModelError
    from inference.model.sources import resolve

    folder = tmp_path / "locked"
    folder.mkdir()

    def refuse(self: Path) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(ModelError, match=r"^Orchard may not read .*locked; check its "
                                         r"permissions\.$"):
        resolve(folder)
