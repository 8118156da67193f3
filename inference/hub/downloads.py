"""Downloads from the Hub into the models folder: resumable, retried, verified, contained.

huggingface_hub ≥ 1.18 downloads into a per-process temp file and deletes it on failure, so a
download never resumes after the app quits or is killed (hf#4196, PR#4306). Orchard writes this
part itself, on top of huggingface_hub's URL (``hf_hub_url``), metadata (``get_hf_file_metadata``)
and HTTP session (``get_session``) helpers: each file goes to ``NAME.part`` beside its final place
with a ``NAME.part.json`` saying which content it is (size and hash), and continues from the
partial file's length with an HTTP Range request, in this process or the next one.

Every file is hashed before it is moved into place: sha256 against the LFS oid, or the git blob
sha1 for small files. A mismatch deletes the file. A model is added to the library only after
all of its files passed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inference.errors import OrchardError
from inference.files import is_disk_full
from inference.hub.client import (
    HubError,
    RemoteFile,
    RepoListing,
    check_repo_id,
    gated_error,
    gguf_groups,
    hub_endpoint,
    hub_errors,
    hub_token,
    list_repo,
    mlx_files,
    quant_ladder,
    unsafe_name,
)
from inference.model import library
from inference.model.memory import format_bytes
from inference.model.naming import NOMINAL_BPW, SPLIT_RE, gguf_quant
from inference.paths import models_dir

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
#: Room left free beyond the download itself (the index, the filesystem's own needs).
SPACE_MARGIN = 64 * 1024**2
DEFAULT_QUANT = "Q4_K_M"


class DownloadError(OrchardError):
    """A download failed; partial files that can be resumed are kept unless said otherwise."""


class DownloadCancelled(DownloadError):
    pass


class ChecksumError(DownloadError):
    pass


class NotEnoughSpaceError(DownloadError):
    pass


class _TooLong(Exception):
    """The server's body ran past the file's listed size."""


class _Retry(Exception):
    """A transient failure: try again from where the partial file ends."""


@dataclass(frozen=True)
class Progress:
    file: str
    file_done: int
    file_total: int
    done: int
    total: int
    rate_bps: float  # bytes per second over the last few seconds
    eta_s: float | None
    phase: str  # "downloading", "verifying", "done"

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


ProgressCallback = Callable[[Progress], None]


class _Tracker:
    """Bytes, rate and ETA across all files of one pull; reports at most 10 times a second."""

    def __init__(self, total: int, callback: ProgressCallback | None,
                 clock: Callable[[], float]) -> None:
        self.total, self.callback, self.clock = total, callback, clock
        self.done = 0
        self.file, self.file_done, self.file_total = "", 0, 0
        self.samples: list[tuple[float, int]] = []
        self.received = 0
        self.last_report = -1.0
        self.first_bytes = False

    def start_file(self, name: str, size: int, have: int) -> None:
        self.file, self.file_total, self.file_done = name, size, have
        self.done += have
        self.first_bytes = True
        self.report("downloading", force=True)

    def add(self, n: int) -> None:
        self.done += n
        self.file_done += n
        self.received += n
        # a file's first bytes are shown at once: the user sees it move even if it then stalls
        self.report("downloading", force=self.first_bytes)
        self.first_bytes = False

    def rewind(self, n: int) -> None:  # a partial file that had to start over
        self.done -= n
        self.file_done -= n

    def rate(self) -> float:
        now = self.clock()
        self.samples.append((now, self.received))
        self.samples = [s for s in self.samples if now - s[0] <= 5.0] or self.samples[-1:]
        t0, b0 = self.samples[0]
        return (self.received - b0) / (now - t0) if now > t0 else 0.0

    def report(self, phase: str, force: bool = False) -> None:
        if self.callback is None:
            return
        now = self.clock()
        if not force and now - self.last_report < 0.1:
            return
        self.last_report = now
        rate = self.rate()
        eta = (self.total - self.done) / rate if rate > 0 else None
        self.callback(Progress(self.file, self.file_done, self.file_total, self.done, self.total,
                               rate, eta, phase))


@dataclass
class PullPlan:
    repo: str
    revision: str
    format: str
    quant: str
    files: list[RemoteFile]
    bits_per_weight: float | None
    #: set when the repo has several GGUF files of this quant (a base and an instruct model,
    #: say): the entry is then named after its file, so each gets an id of its own
    variant: str | None = None

    @property
    def size_bytes(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def folder(self) -> Path:
        return models_dir().joinpath(*self.repo.split("/"))

    @property
    def entry_id(self) -> str:
        if self.format == "mlx":
            return self.repo
        return f"{self.repo}:{self.variant or self.quant}"


def plan_pull(repo: str, *, file: str | None = None, quant: str | None = None,
              revision: str = "main", ctx: int = 4096,
              listing: RepoListing | None = None) -> PullPlan:
    """Which files a pull fetches: one GGUF (or split set), or an MLX repo's safe files."""
    check_repo_id(repo)
    listing = listing or list_repo(repo, revision)
    groups = gguf_groups(listing)
    if groups:
        if file:
            key = next((k for k, fs in groups.items() if file in (f.path for f in fs)), None)
            if key is None:
                raise HubError(f"{repo} has no GGUF file named {file}.")
        elif quant:
            keys = [k for k in groups if (gguf_quant(k) or "").lower() == quant.lower()]
            if not keys:
                have = ", ".join(sorted({gguf_quant(k) or k for k in groups}))
                raise HubError(f"{repo} has no {quant} files (it has: {have}).")
            if len(keys) > 1:
                raise HubError(f"{repo} has several {quant} files ({', '.join(keys)}); "
                               "pick one with --file.")
            key = keys[0]
        else:
            key = _default_gguf(repo, listing, ctx)
        q = gguf_quant(key) or Path(key).name.removesuffix(".gguf")
        size = sum(f.size for f in groups[key])
        bpw = round(size * 8 / listing.params, 2) if listing.params else NOMINAL_BPW.get(q)
        same_quant = [k for k in groups if (gguf_quant(k) or k) == (gguf_quant(key) or key)]
        variant = None
        if len(same_quant) > 1:
            variant = SPLIT_RE.sub("", Path(key).name)
            variant = re.sub(r"\.gguf$", "", variant, flags=re.IGNORECASE)
        return PullPlan(repo, listing.revision, "gguf", q, groups[key], bpw, variant)
    if file or quant:
        raise HubError(f"{repo} has no GGUF files; pull it without --file or --quant.")
    files = mlx_files(listing)
    if not any(f.path.endswith(".safetensors") for f in files) or not any(
            f.path == "config.json" for f in files):
        raise HubError(
            f"{repo} has neither GGUF files nor MLX safetensors weights, so Orchard cannot run "
            "it (pickle weights such as .bin are never downloaded)."
        )
    ladder = quant_ladder(repo, ctx=ctx, listing=listing)
    option = ladder.options[0]
    return PullPlan(repo, listing.revision, "mlx", option.quant, files, option.bits_per_weight)


def _default_gguf(repo: str, listing: RepoListing, ctx: int) -> str:
    """Q4_K_M if it fits, else the largest quant that fits in memory."""
    ladder = quant_ladder(repo, ctx=ctx, listing=listing)
    fitting = [o for o in ladder.options if o.verdict != "will not fit"]
    for o in fitting:
        if o.quant.upper() == DEFAULT_QUANT:
            return o.files[0]
    if not fitting:
        raise HubError(f"None of the quantizations of {repo} fits in this machine's memory at "
                       f"a context of {ctx} tokens; `orchard models files {repo}` lists them.")
    return max(fitting, key=lambda o: o.size_bytes).files[0]


# --- files on disk ----------------------------------------------------------------------------


def _target(folder: Path, rel: str) -> Path:
    """Where a repo file goes; never outside ``folder``, never through a link."""
    if unsafe_name(rel):
        raise DownloadError(f"Refusing the file name {rel!r}: it would write outside the models "
                            "folder.")
    root = models_dir()
    target = folder.joinpath(*rel.split("/"))
    p = target
    while p != root and p != p.parent:
        if p.is_symlink():
            raise DownloadError(f"Refusing to write through the link {p}.")
        p = p.parent
    real_root = os.path.realpath(root)
    if os.path.commonpath([real_root, os.path.realpath(target)]) != real_root:
        raise DownloadError(f"Refusing to write {rel!r} outside the models folder.")
    return target


def _part(target: Path) -> Path:
    return target.with_name(target.name + ".part")


def _sidecar(target: Path) -> Path:
    return target.with_name(target.name + ".part.json")


def _identity(repo: str, rf: RemoteFile) -> dict[str, Any]:
    return {"repo": repo, "path": rf.path, "size": rf.size, "oid": rf.sha256 or rf.blob_id}


def _partial_size(repo: str, rf: RemoteFile, target: Path) -> int:
    """Bytes of a partial file that belongs to this content (else it is deleted: 0)."""
    part, side = _part(target), _sidecar(target)
    try:
        same = json.loads(side.read_text(encoding="utf-8")) == _identity(repo, rf)
    except (OSError, ValueError):
        same = False
    if part.is_file() and not part.is_symlink() and same and part.stat().st_size <= rf.size:
        return part.stat().st_size
    _remove_partial(target)
    return 0


def _remove_partial(target: Path) -> None:
    for p in (_part(target), _sidecar(target)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def partial_downloads() -> list[dict[str, Any]]:
    """Downloads stopped part-way (paused, cancelled, or the app was killed)."""
    out = []
    root = models_dir()
    for side in sorted(root.rglob("*.part.json")) if root.is_dir() else []:
        try:
            info = json.loads(side.read_text(encoding="utf-8"))
            part = side.with_name(side.name.removesuffix(".json"))
            out.append({**info, "have": part.stat().st_size if part.is_file() else 0})
        except (OSError, ValueError):
            continue
    return out


def _same_download(path: str, file: str | None) -> bool:
    """Whether a partial ``path`` belongs to the pull of ``file`` (None: the whole repo;
    a split set's parts all belong to it)."""
    if file is None:
        return True
    return SPLIT_RE.sub("", path) == SPLIT_RE.sub("", file)


def paused_downloads() -> list[dict[str, Any]]:
    """Stopped pulls as the user started them: one per GGUF file (or split set) or MLX repo,
    with the bytes already here. ``file`` is None for an MLX repo (a pull of the whole repo)."""
    found: dict[tuple[str, str | None], dict[str, Any]] = {}
    for p in partial_downloads():
        repo, path = str(p.get("repo", "")), str(p.get("path", ""))
        if not repo or not path:
            continue
        file = path if path.lower().endswith(".gguf") else None
        key = (repo, SPLIT_RE.sub("", file) if file else None)
        entry = found.setdefault(key, {"repo": repo, "file": file, "have": 0})
        entry["have"] += int(p.get("have", 0))
    return list(found.values())


def discard_partials(repo: str, file: str | None = None) -> int:
    """Delete the partial files of a stopped pull (see :func:`paused_downloads`); returns
    the bytes freed. Finished files are kept: they are checked and reused by the next pull."""
    freed = 0
    root = models_dir()
    for p in partial_downloads():
        if p.get("repo") != repo or not _same_download(str(p.get("path", "")), file):
            continue
        try:
            target = _target(root.joinpath(*repo.split("/")), str(p["path"]))
        except DownloadError:
            continue
        freed += int(p.get("have", 0))
        _remove_partial(target)
    return freed


def _prune_empty_dirs(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents up to ``root`` while they are empty."""
    folder = folder.resolve()
    root = root.resolve()
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (another quant lives there), or gone
            return
        folder = folder.parent


def git_blob_sha1(path: Path) -> str:
    h = hashlib.sha1()
    h.update(f"blob {path.stat().st_size}\0".encode())
    _hash_into(h, path)
    return h.hexdigest()


def _hash_into(h: Any, path: Path) -> None:
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)


def verify(path: Path, rf: RemoteFile) -> tuple[bool, str, str]:
    """(ok, expected, actual): sha256 for LFS files, the git blob sha1 for the others."""
    if rf.sha256:
        h = hashlib.sha256()
        _hash_into(h, path)
        return h.hexdigest() == rf.sha256.lower(), rf.sha256.lower(), h.hexdigest()
    if rf.blob_id:
        actual = git_blob_sha1(path)
        return actual == rf.blob_id.lower(), rf.blob_id.lower(), actual
    return path.stat().st_size == rf.size, str(rf.size), str(path.stat().st_size)


def _free_space_check(plan: PullPlan, needed: int,
                      disk_usage: Callable[[str], Any]) -> None:
    probe = plan.folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = int(disk_usage(str(probe)).free)
    if needed + SPACE_MARGIN > free:
        raise NotEnoughSpaceError(
            f"Not enough free space for {plan.entry_id}: the download needs "
            f"{format_bytes(needed + SPACE_MARGIN)} free ({format_bytes(needed)} for its files and "
            f"{format_bytes(SPACE_MARGIN)} to spare), and {probe} has {format_bytes(free)}; free "
            "some space and try again."
        )


# --- the transfer -----------------------------------------------------------------------------


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _fetch(repo: str, plan: PullPlan, rf: RemoteFile, target: Path, tracker: _Tracker,
           cancel: threading.Event) -> None:
    """One attempt: HEAD for the (possibly redirected) location, then GET from the partial end."""
    # Imported here, like in hub.client: ~0.3 s that listing paused downloads never needs.
    import httpx2
    from huggingface_hub import get_hf_file_metadata, hf_hub_url
    from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

    token = hub_token()
    url = hf_hub_url(repo, rf.path, revision=plan.revision, endpoint=hub_endpoint())
    meta = get_hf_file_metadata(url, token=token, endpoint=hub_endpoint())
    part = _part(target)
    have = part.stat().st_size if part.exists() else 0
    headers = {**build_hf_headers(token=token), "Accept-Encoding": "identity"}
    if have:
        headers["Range"] = f"bytes={have}-"
    timeout = httpx2.Timeout(60.0, connect=15.0)
    with get_session().stream("GET", meta.location, headers=headers, timeout=timeout) as r:
        if r.status_code == 416:
            if have == rf.size:
                return
            tracker.rewind(have)
            _remove_partial(target)
            raise _Retry("the server refused the resume range")
        if r.status_code >= 400:
            r.read()
            if r.status_code in (408, 429) or r.status_code >= 500:
                raise _Retry(f"HTTP {r.status_code}")
            hf_raise_for_status(r)
        if have and r.status_code != 206:  # the server ignored Range: start over
            tracker.rewind(have)
            have = 0
        flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        flags |= os.O_APPEND if have else os.O_TRUNC
        try:
            fd = os.open(part, flags, 0o644)
        except OSError as exc:
            raise DownloadError(f"Could not write {part} ({exc.strerror}).") from exc
        room = rf.size - have  # a server that sends more is wrong: never write past it
        try:
            for chunk in r.iter_bytes():  # as they arrive: a partial file grows live
                if cancel.is_set():
                    raise DownloadCancelled("cancelled")
                if len(chunk) > room:
                    raise _TooLong()
                room -= len(chunk)
                try:
                    _write_all(fd, chunk)
                except OSError as exc:
                    if is_disk_full(exc):
                        raise NotEnoughSpaceError(
                            f"The disk holding {models_dir()} is full: {rf.path} stopped at "
                            f"{format_bytes(tracker.file_done)} of {format_bytes(rf.size)} and "
                            "its partial file was removed; free some space and pull again."
                        ) from exc
                    raise DownloadError(f"Could not write {part} ({exc.strerror}).") from exc
                tracker.add(len(chunk))
        except _TooLong:
            os.close(fd)
            fd = -1
            tracker.rewind(part.stat().st_size)
            _remove_partial(target)
            raise _Retry(f"the server sent more than the {rf.size} bytes listed") from None
        finally:
            if fd >= 0:
                os.close(fd)
    got = part.stat().st_size
    if got < rf.size:
        raise _Retry(f"the connection ended at {got} of {rf.size} bytes")
    if got > rf.size:
        tracker.rewind(got)
        _remove_partial(target)
        raise _Retry(f"the server sent {got} bytes, more than the {rf.size} listed")


def _download_file(plan: PullPlan, rf: RemoteFile, target: Path, tracker: _Tracker,
                   cancel: threading.Event, retries: int, sleep: Callable[[float], None]) -> None:
    import httpx2
    from huggingface_hub import errors as hf

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        have = _partial_size(plan.repo, rf, target)
        # what resuming needs; written whole or not at all, the one before kept
        library.write_json_atomic(_sidecar(target), _identity(plan.repo, rf))
    except OSError as exc:  # a read-only or vanished disk: one sentence, not "[Errno 30]"
        if is_disk_full(exc):  # a full disk says so, like one that fills up mid-file
            raise NotEnoughSpaceError(
                f"The disk holding {models_dir()} is full, so {rf.path} could not start "
                "downloading; free some space and pull again."
            ) from exc
        raise DownloadError(
            f"Could not write into {target.parent} ({exc.strerror or exc}); choose a models "
            "folder Orchard can write to, or free the disk."
        ) from exc
    tracker.start_file(rf.path, rf.size, have)
    failures = 0
    while True:
        before = tracker.file_done
        if cancel.is_set():
            raise DownloadCancelled("cancelled")
        try:
            with hub_errors(plan.repo):
                try:
                    _fetch(plan.repo, plan, rf, target, tracker, cancel)
                except (httpx2.TransportError, hf.HfHubHTTPError) as exc:
                    status = getattr(getattr(exc, "response", None), "status_code", None)
                    if isinstance(exc, hf.HfHubHTTPError) and status is not None and not (
                            status in (408, 429) or status >= 500):
                        raise
                    raise _Retry(f"{type(exc).__name__}: {exc}") from exc
            break
        except _Retry as exc:
            failures = 1 if tracker.file_done > before else failures + 1
            if failures > retries:
                raise DownloadError(
                    f"Downloading {rf.path} failed {failures} times in a row ({exc}); "
                    f"{format_bytes(tracker.file_done)} are kept, pull again to resume."
                ) from exc
            delay = min(30.0, 2.0 ** (failures - 1))
            log.info("%s: %s; retrying in %.0fs", rf.path, exc, delay)
            sleep(delay)
            if cancel.is_set():
                raise DownloadCancelled("cancelled") from exc
        except NotEnoughSpaceError:
            _remove_partial(target)
            raise
    tracker.report("verifying", force=True)
    ok, expected, actual = verify(_part(target), rf)
    if not ok:
        _remove_partial(target)
        raise ChecksumError(
            f"{rf.path} did not match the Hub's checksum (expected {expected[:12]}..., got "
            f"{actual[:12]}...), so it was deleted; pull again to download it afresh."
        )
    os.replace(_part(target), target)
    _sidecar(target).unlink(missing_ok=True)


def pull(
    repo: str,
    *,
    file: str | None = None,
    quant: str | None = None,
    revision: str = "main",
    ctx: int = 4096,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    discard_on_cancel: bool | Callable[[], bool] = False,
    retries: int = 5,
    sleep: Callable[[float], None] = time.sleep,
    disk_usage: Callable[[str], Any] = shutil.disk_usage,
    clock: Callable[[], float] = time.monotonic,
) -> library.LibraryEntry:
    """Download a GGUF (``file`` or ``quant``; default Q4_K_M or what fits) or an MLX repo.

    Setting ``cancel`` stops between chunks: the partial files stay, so the next ``pull``
    resumes (a pause), unless ``discard_on_cancel`` (or, when it is a callable, what it says
    at that moment: the window decides Cancel or Pause after the pull began); then every file
    this pull wrote goes, finished ones too (an MLX repo's config.json must not stay behind
    looking like a model). Network errors are retried ``retries``
    times in a row with doubling waits (``sleep`` is injectable for tests).
    """
    cancel = cancel or threading.Event()
    listing = list_repo(repo, revision)
    if listing.gated and not hub_token():
        raise gated_error(repo)
    plan = plan_pull(repo, file=file, quant=quant, revision=revision, ctx=ctx, listing=listing)
    targets = [_target(plan.folder, rf.path) for rf in plan.files]
    todo: list[tuple[RemoteFile, Path]] = []
    needed = 0
    for rf, target in zip(plan.files, targets, strict=True):
        if target.is_file() and not target.is_symlink() and target.stat().st_size == rf.size \
                and verify(target, rf)[0]:
            continue  # already here and intact (an earlier pull of the same files)
        todo.append((rf, target))
        needed += rf.size - _partial_size(plan.repo, rf, target)
    _free_space_check(plan, needed, disk_usage)
    tracker = _Tracker(plan.size_bytes, progress, clock)
    tracker.done = sum(rf.size for rf in plan.files) - sum(rf.size for rf, _ in todo)
    try:
        for rf, target in todo:
            _download_file(plan, rf, target, tracker, cancel, retries, sleep)
    except DownloadCancelled as exc:
        if discard_on_cancel() if callable(discard_on_cancel) else discard_on_cancel:
            for _, target in todo:
                _remove_partial(target)
                target.unlink(missing_ok=True)  # finished in this pull: it goes too
            _prune_empty_dirs(plan.folder, models_dir())
            raise DownloadCancelled(f"Download of {plan.entry_id} cancelled; its partial files "
                                    "were removed.") from exc
        raise DownloadCancelled(
            f"Download of {plan.entry_id} paused at {format_bytes(tracker.done)} of "
            f"{format_bytes(tracker.total)}; pull it again to resume."
        ) from exc
    tracker.file = ""
    tracker.report("done", force=True)
    first = targets[0] if plan.format == "gguf" else plan.folder
    entry = library.LibraryEntry(
        id=plan.entry_id, kind="download", format=plan.format, quant=plan.quant,
        path=first.relative_to(models_dir()).as_posix(), size_bytes=plan.size_bytes,
        repo=plan.repo, revision=plan.revision, files=[rf.path for rf in plan.files],
        bits_per_weight=plan.bits_per_weight,
    )
    return library.add(entry)
