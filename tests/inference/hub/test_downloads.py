"""Downloads against a loopback Hub with the real huggingface_hub client: resume in the same
process and in a new one after SIGKILL, retries, checksums, free space, unsafe names, gated and
missing repos."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from inference.hub import downloads
from inference.hub.client import GatedRepoError, HubError, RepoNotFoundError
from inference.hub.downloads import (
    ChecksumError,
    DownloadCancelled,
    DownloadError,
    NotEnoughSpaceError,
    Progress,
    pull,
)
from inference.model import library
from inference.paths import models_dir
from tests.fixtures.fake_hub import (
    GATED_REPO,
    GGUF_REPO,
    MLX_REPO,
    FakeHub,
    subprocess_env,
)
from tests.fixtures.full_disk import fill_disk_for

REPO_ROOT = Path(__file__).resolve().parents[3]


def no_sleep(calls: list[float]) -> Any:
    return calls.append


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pull_gguf_quant_verifies_and_lists(hub: FakeHub) -> None:
    seen: list[Progress] = []
    entry = pull(GGUF_REPO, quant="q8_0", progress=seen.append)
    path = models_dir() / "owner" / "tiny" / "tiny-Q8_0.gguf"
    assert path.is_file() and path.read_bytes() == hub.repos[GGUF_REPO].files["tiny-Q8_0.gguf"]
    assert entry.id == "owner/tiny:Q8_0" and entry.quant == "Q8_0"
    assert entry.revision == hub.repos[GGUF_REPO].sha
    assert [e.id for e in library.entries()] == ["owner/tiny:Q8_0"]
    assert library.find_installed("owner/tiny:Q8_0") == path
    assert seen[-1].phase == "done" and seen[-1].done == seen[-1].total == path.stat().st_size
    assert not list(path.parent.glob("*.part*"))
    assert not (path.parent / "pytorch_model.bin").exists()


def test_pull_split_set_is_one_entry(hub: FakeHub) -> None:
    entry = pull(GGUF_REPO, quant="Q6_K")
    assert entry.files == ["tiny-Q6_K-00001-of-00002.gguf", "tiny-Q6_K-00002-of-00002.gguf"]
    assert entry.location.name == "tiny-Q6_K-00001-of-00002.gguf"
    assert all((entry.location.parent / f).is_file() for f in entry.files)


def test_pull_mlx_repo_skips_pickle(hub: FakeHub) -> None:
    entry = pull(MLX_REPO)
    folder = models_dir() / "owner" / "tiny-mlx"
    assert entry.format == "mlx" and entry.location == folder
    names = {p.name for p in folder.iterdir()}
    assert "config.json" in names and "model.safetensors" in names
    assert "pytorch_model.bin" not in names
    assert not any(p.endswith(".bin") for _, p, _ in hub.requests if "/resolve/" in p)


def test_lfs_files_follow_the_hubs_redirect_to_its_cdn_and_resume_there(hub: FakeHub) -> None:
    """The real Hub answers ``resolve`` for LFS files with a 302 to a CDN; the bytes, and the
    resume's Range request, go to the CDN address."""
    hub.cdn = True
    data = hub.repos[GGUF_REPO].files["tiny-F16.gguf"]
    half = len(data) // 2
    hub.drop_at["tiny-F16.gguf"] = half
    entry = pull(GGUF_REPO, quant="F16", sleep=lambda s: None)
    assert sha256(entry.location) == hashlib.sha256(data).hexdigest()
    cdn = [(m, r) for m, p, r in hub.requests if p.startswith("/cdn/") and m == "GET"]
    assert cdn == [("GET", None), ("GET", f"bytes={half}-")]
    resolve_gets = [p for m, p, _ in hub.requests if "/resolve/" in p and m == "GET"]
    assert resolve_gets == []  # HEAD on resolve for the location, then only the CDN


def test_two_files_of_one_quant_get_an_entry_each(
    hub: FakeHub, tiny_gguf: Any
) -> None:
    data = Path(tiny_gguf("llama", "Q8_0")).read_bytes()
    hub.add_repo("owner/pair", {"base-Q8_0.gguf": data, "instruct-Q8_0.gguf": data},
                 tags=["gguf"])
    with pytest.raises(HubError, match="several Q8_0"):
        pull("owner/pair", quant="Q8_0")
    base = pull("owner/pair", file="base-Q8_0.gguf")
    instruct = pull("owner/pair", file="instruct-Q8_0.gguf")
    assert (base.id, instruct.id) == ("owner/pair:base-Q8_0", "owner/pair:instruct-Q8_0")
    assert sorted(e.id for e in library.entries()) == [base.id, instruct.id]
    assert library.find_installed("owner/pair:instruct-Q8_0") == instruct.location
    assert library.find_installed("owner/pair:q8_0") in (base.location, instruct.location)


def test_connection_dropped_at_half_resumes_with_range(hub: FakeHub) -> None:
    data = hub.repos[GGUF_REPO].files["tiny-F16.gguf"]
    half = len(data) // 2
    hub.drop_at["tiny-F16.gguf"] = half
    sleeps: list[float] = []
    pull(GGUF_REPO, quant="F16", sleep=sleeps.append)
    path = models_dir() / "owner" / "tiny" / "tiny-F16.gguf"
    assert sha256(path) == hashlib.sha256(data).hexdigest()
    assert hub.ranges("tiny-F16.gguf") == [None, f"bytes={half}-"]
    assert sleeps == [1.0]


def test_retries_are_bounded(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx2

    def broken(*args: Any, **kwargs: Any) -> None:
        raise httpx2.ConnectError("refused")

    monkeypatch.setattr(downloads, "_fetch", broken)
    sleeps: list[float] = []
    with pytest.raises(DownloadError, match="failed 4 times in a row"):
        pull(GGUF_REPO, quant="Q4_0", retries=3, sleep=sleeps.append)
    assert sleeps == [1.0, 2.0, 4.0]
    assert library.entries() == []


def test_pause_keeps_partial_and_resume_continues(hub: FakeHub) -> None:
    data = hub.repos[GGUF_REPO].files["tiny-F16.gguf"]
    half = len(data) // 2
    release = threading.Event()
    hub.hold_at["tiny-F16.gguf"] = (half, release)
    cancel = threading.Event()
    part = models_dir() / "owner" / "tiny" / "tiny-F16.gguf.part"

    def pause_at_half() -> None:  # the user presses pause while the transfer stalls
        while not (part.exists() and part.stat().st_size >= half):
            time.sleep(0.005)
        cancel.set()
        release.set()

    watcher = threading.Thread(target=pause_at_half, daemon=True)
    watcher.start()
    with pytest.raises(DownloadCancelled, match="paused"):
        pull(GGUF_REPO, quant="F16", cancel=cancel, sleep=lambda s: None)
    watcher.join(5)
    partials = downloads.partial_downloads()
    assert len(partials) == 1 and partials[0]["have"] == half
    assert library.entries() == []
    pull(GGUF_REPO, quant="F16")
    assert hub.ranges("tiny-F16.gguf")[-1] == f"bytes={half}-"
    assert downloads.partial_downloads() == []
    assert sha256(part.with_name("tiny-F16.gguf")) == hashlib.sha256(data).hexdigest()


def test_cancel_can_discard_partial(hub: FakeHub) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadCancelled, match="removed"):
        pull(GGUF_REPO, quant="F16", cancel=cancel, discard_on_cancel=True)
    assert downloads.partial_downloads() == []


def test_cancel_and_discard_of_an_mlx_repo_leaves_nothing_behind(hub: FakeHub) -> None:
    """Cancel (not Pause) mid-way through an MLX repo: the small files it already finished
    (config.json, the template) go too, or the folder would look like a broken model."""
    cancel = threading.Event()
    seen: list[str] = []

    def progress(p: Progress) -> None:
        seen.append(p.file)
        if p.file.endswith(".safetensors") and p.file_done > 0:
            cancel.set()

    with pytest.raises(DownloadCancelled, match="removed"):
        pull(MLX_REPO, cancel=cancel, progress=progress, discard_on_cancel=lambda: True)
    assert "config.json" in seen  # finished before the cancel
    assert not (models_dir() / "owner" / "tiny-mlx").exists()
    assert downloads.partial_downloads() == []


def test_killed_process_resumes_in_a_new_one(hub: FakeHub, tmp_path: Path) -> None:
    data = hub.repos[GGUF_REPO].files["tiny-F16.gguf"]
    half = len(data) // 2
    release = threading.Event()
    hub.hold_at["tiny-F16.gguf"] = (half, release)
    env = subprocess_env(hub, dict(os.environ), str(tmp_path / "hf_home"))
    cmd = [sys.executable, "-m", "app.cli.models", "pull", GGUF_REPO, "--quant", "F16"]
    part = models_dir() / "owner" / "tiny" / "tiny-F16.gguf.part"
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not (part.exists() and part.stat().st_size >= half):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the child never reached half the file"
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
    assert part.stat().st_size == half
    done = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    final = part.with_name("tiny-F16.gguf")
    assert sha256(final) == hashlib.sha256(data).hexdigest()
    assert hub.ranges("tiny-F16.gguf")[-1] == f"bytes={half}-"
    assert library.find_installed("owner/tiny:F16") == final


def test_wrong_bytes_are_rejected_and_removed(hub: FakeHub) -> None:
    hub.corrupt.add("tiny-Q4_0.gguf")
    with pytest.raises(ChecksumError, match="did not match the Hub's checksum.*deleted"):
        pull(GGUF_REPO, quant="Q4_0")
    folder = models_dir() / "owner" / "tiny"
    assert not list(folder.glob("tiny-Q4_0*"))
    assert library.entries() == []


def test_not_enough_space_is_refused_before_starting(hub: FakeHub) -> None:
    def tiny_disk(path: str) -> Any:
        return SimpleNamespace(total=10**9, used=10**9 - 1000, free=1000)

    # the numbers add up: what it needs is what the files take plus what is kept to spare
    with pytest.raises(NotEnoughSpaceError, match=r"needs 64 MB free \(143 kB for its files "
                       r"and 64 MB to spare\), and .* has 1 kB"):
        pull(GGUF_REPO, quant="Q8_0", disk_usage=tiny_disk)
    assert not any("/resolve/" in p for _, p, _ in hub.requests)


def test_a_read_only_models_folder_is_one_sentence(
    hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.mkdir

    def read_only(self: Path, *args: Any, **kwargs: Any) -> None:
        if "models" in self.parts:
            raise OSError(errno.EROFS, "Read-only file system")
        real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(DownloadError) as info:
        pull(GGUF_REPO, quant="Q8_0")
    assert "Read-only file system" in str(info.value) and "Errno" not in str(info.value)


def test_disk_full_mid_download_cleans_up(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(downloads, "_write_all", full)
    with pytest.raises(NotEnoughSpaceError, match="full.*partial file was removed"):
        pull(GGUF_REPO, quant="Q8_0")
    assert downloads.partial_downloads() == []
    assert not list((models_dir() / "owner" / "tiny").glob("*.part"))


def test_disk_full_writing_the_resume_note_is_not_enough_space(
        hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk while writing a download's .part.json (what resuming needs) said 'Could not
    write into ...' as a generic DownloadError; it is the full disk's own error and sentence,
    and no half-written note or temp file is left."""
    fill_disk_for(monkeypatch, ".part.json")
    with pytest.raises(NotEnoughSpaceError) as caught:
        pull(GGUF_REPO, quant="Q8_0")
    assert str(caught.value) == (
        f"The disk holding {models_dir()} is full, so tiny-Q8_0.gguf could not start "
        "downloading; free some space and pull again.")
    assert not any("/resolve/" in p for _, p, _ in hub.requests)  # nothing fetched
    folder = models_dir() / "owner" / "tiny"
    assert not folder.is_dir() or not any(folder.iterdir())
    assert library.entries() == []


def test_missing_repo(hub: FakeHub) -> None:
    with pytest.raises(RepoNotFoundError, match="No model repository named owner/nope"):
        pull("owner/nope")


def test_gated_repo_without_token_explains(hub: FakeHub) -> None:
    with pytest.raises(GatedRepoError, match="gated.*accept its terms.*hf auth login"):
        pull(GATED_REPO, quant="Q8_0")


def test_gated_repo_with_an_unapproved_token(hub: FakeHub,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_not_approved")
    with pytest.raises(GatedRepoError, match="has not been given access"):
        pull(GATED_REPO, quant="Q8_0")


def test_gated_repo_with_the_users_token(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    hub.tokens.add("hf_approved")
    monkeypatch.setenv("HF_TOKEN", "hf_approved")
    assert pull(GATED_REPO, quant="Q8_0").id == "owner/gated:Q8_0"


def test_unsafe_name_in_tree_is_rejected(hub: FakeHub) -> None:
    hub.extra_tree[GGUF_REPO] = [{"type": "file", "path": "../evil-Q2_K.gguf", "size": 3,
                                  "oid": "0" * 40}]
    with pytest.raises(HubError, match="outside the models folder"):
        pull(GGUF_REPO, quant="Q2_K")
    assert not (models_dir().parent / "evil-Q2_K.gguf").exists()


@pytest.mark.parametrize("name", ["../x.gguf", "/etc/x.gguf", "a/../../x.gguf", "C:/x.gguf",
                                  "a\\..\\x.gguf", ""])
def test_target_refuses_escapes(name: str) -> None:
    with pytest.raises(DownloadError, match="outside the models folder"):
        downloads._target(models_dir() / "o" / "r", name)


def test_target_refuses_links(tmp_path: Path) -> None:
    folder = models_dir() / "o" / "r"
    folder.parent.mkdir(parents=True)
    folder.symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(DownloadError, match="link"):
        downloads._target(folder, "x.gguf")


def test_offline_mode_is_respected(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(HubError, match="HF_HUB_OFFLINE"):
        pull(GGUF_REPO, quant="Q8_0")


def test_a_server_that_sends_more_than_it_listed_is_cut_off(hub: FakeHub) -> None:
    """It used to write past the listed size until the disk was full."""
    name = "tiny-Q8_0.gguf"
    listed = len(hub.repos[GGUF_REPO].files[name])
    hub.overlong[name] = 64 << 20  # 64 MB past the end; we must stop at the listed size
    sleeps: list[float] = []
    with pytest.raises(DownloadError, match="sent more than the .* bytes listed"):
        pull(GGUF_REPO, quant="q8_0", retries=1, sleep=sleeps.append)
    folder = models_dir() / "owner" / "tiny"
    leftovers = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    assert all(p.stat().st_size <= listed for p in leftovers)
    assert not any(p.name.endswith(".part") for p in leftovers)
    assert library.entries() == []


def test_a_header_probe_reads_only_what_it_asked_for(hub: FakeHub) -> None:
    from inference.hub.client import HEADER_PROBE_BYTES, _get

    name = "tiny-Q8_0.gguf"
    hub.overlong[name] = 64 << 20
    head = _get(GGUF_REPO, hub.repos[GGUF_REPO].sha, name,
                {"Range": f"bytes=0-{HEADER_PROBE_BYTES - 1}"}, limit=HEADER_PROBE_BYTES)
    assert len(head) <= HEADER_PROBE_BYTES
