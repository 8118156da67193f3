"""Downloads from the Hub in the background, for the window and its download dialog.

Each download runs :func:`inference.hub.downloads.pull` on a thread of its own: a download is
long and mostly waits on the network, and Qt's shared pool is kept for short jobs. Progress
and the outcome come back to the GUI thread through :func:`app.gui.bridge.to_gui`. Pause
sets the pull's cancel Event and keeps the partial files, so Resume (in this run, or after a
restart or a crash) continues with an HTTP Range request; Cancel removes them.

Signals:
    changed(str): a download's state or progress changed (its key).
    completed(object): a download finished and was verified (its LibraryEntry).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.gui import notify as messages
from app.gui.bridge import to_gui
from inference.errors import OrchardError
from inference.files import DiskFullError, write_atomically
from inference.hub import downloads
from inference.hub.downloads import Progress
from inference.model.memory import format_bytes
from inference.model.naming import SPLIT_RE
from inference.paths import models_dir

log = logging.getLogger(__name__)

# States a download moves through; "paused", "failed" and "done" are at rest.
ACTIVE = ("starting", "downloading", "verifying")


@dataclass
class Download:
    repo: str
    file: str | None  # a GGUF file (a split set's first part), or None: an MLX repo
    label: str
    state: str = "starting"
    progress: Progress | None = None
    have: int = 0  # bytes already here (a paused download found at start-up)
    total: int = 0  # the whole pull's bytes, when known (a paused download found at start-up)
    message: str = ""
    entry: Any = None
    cancel: threading.Event = field(default_factory=threading.Event)
    discard: bool = False  # the cancel was a Cancel, not a Pause
    thread: threading.Thread | None = None

    @property
    def key(self) -> str:
        return key_of(self.repo, self.file)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


def key_of(repo: str, file: str | None) -> str:
    return f"{repo}/{SPLIT_RE.sub('', file)}" if file else repo


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds + 0.5)
    if s < 60:
        return QCoreApplication.translate("DownloadManager", "{s} s left").format(s=s)
    if s < 3600:
        return QCoreApplication.translate("DownloadManager", "{m} min left").format(m=s // 60)
    return QCoreApplication.translate("DownloadManager", "{h} h {m} min left").format(
        h=s // 3600, m=s % 3600 // 60)


def status_text(d: Download) -> str:
    """One line for the user: bytes, rate and time left, or why it is at rest."""
    p = d.progress
    translate = QCoreApplication.translate
    if d.state == "downloading" and p is not None:
        parts = [translate("DownloadManager", "{done} of {total}").format(
            done=format_bytes(p.done), total=format_bytes(p.total))]
        if p.rate_bps > 0:
            parts.append(translate("DownloadManager", "{size}/s").format(
                size=format_bytes(int(p.rate_bps))))
        if eta := format_eta(p.eta_s):
            parts.append(eta)
        if p.file and p.file_total != p.total:  # several files: which one, and how far
            share = p.file_done * 100 // p.file_total if p.file_total else 100
            parts.append(translate("DownloadManager", "{file} {percent}%").format(
                file=p.file.rsplit("/", 1)[-1], percent=share))
        return " · ".join(parts)
    if d.state == "verifying":
        return translate("DownloadManager", "Checking the files against the Hub's checksums…")
    if d.state == "paused":
        done = p.done if p is not None else d.have
        total = p.total if p is not None else d.total
        if total:
            return translate("DownloadManager",
                             "Paused at {done} of {total}; Resume continues from there.").format(
                                 done=format_bytes(done), total=format_bytes(total))
        return translate("DownloadManager", "Paused at {done}; Resume continues from there."
                         ).format(done=format_bytes(done))
    if d.state == "done":
        size = format_bytes(d.entry.size_bytes) if d.entry is not None else ""
        return translate("DownloadManager", "Downloaded and verified · {size}").format(size=size)
    if d.state == "failed":
        return d.message
    return translate("DownloadManager", "Starting…")


def fraction(d: Download) -> float:
    """How much of ``d`` is here, 0 to 1 (a paused download found at start-up included)."""
    if d.progress is not None:
        return d.progress.fraction
    if d.state == "done":
        return 1.0
    return min(d.have / d.total, 1.0) if d.total else 0.0


# --- what a paused pull weighs, kept for the next run ------------------------------------
# A partial file's sidecar (inference.hub.downloads) knows its own file's size only; a pull
# of several files (a split GGUF, an MLX repo) is bigger. Its total is known once the pull
# reports progress, and kept here, so that after a restart "Paused at 1.2 GB of 4.9 GB" still
# says how much is left.
def _totals_file() -> Path:
    return models_dir() / "paused-totals.json"


def _read_totals() -> dict[str, int]:
    try:
        data = json.loads(_totals_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_totals(totals: dict[str, int]) -> None:
    """Keep ``totals`` (whole or not at all). A full disk raises :class:`DiskFullError` for
    the window to say; any other failure is only logged."""
    try:
        if totals:
            write_atomically(_totals_file(), json.dumps(totals, indent=1),
                             what="the sizes of paused downloads")
        else:
            _totals_file().unlink(missing_ok=True)
    except DiskFullError:
        raise
    except OSError as exc:  # only a figure for the status line is lost
        log.warning("could not keep the sizes of paused downloads: %s", exc)


def _sidecar_total(repo: str, file: str | None) -> int:
    """A lone GGUF file's size from its partial file's sidecar (0 when it is not that)."""
    if file is None or SPLIT_RE.search(file):
        return 0
    try:
        found = [p for p in downloads.partial_downloads()
                 if p.get("repo") == repo and p.get("path") == file]
    except OSError:
        return 0
    return int(found[0].get("size", 0)) if len(found) == 1 else 0


class DownloadManager(QObject):
    changed = Signal(str)
    completed = Signal(object)

    def __init__(self, pull: Callable[..., Any] = downloads.pull,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pull = pull
        self._downloads: dict[str, Download] = {}
        self._told_disk_full = False  # the sizes of paused downloads could not be kept

    def downloads(self) -> list[Download]:
        return list(self._downloads.values())

    def get(self, key: str) -> Download | None:
        return self._downloads.get(key)

    def find_paused(self) -> list[Download]:
        """Add the downloads a previous run left part-way (paused, or the app was killed)."""
        found = []
        try:
            stopped = downloads.paused_downloads()
        except OSError as exc:
            log.warning("could not look for paused downloads: %s", exc)
            return []
        totals = _read_totals()
        for p in stopped:
            key = key_of(p["repo"], p["file"])
            if key in self._downloads:
                continue
            label = f"{p['repo']} · {p['file']}" if p["file"] else p["repo"]
            total = totals.get(key) or _sidecar_total(p["repo"], p["file"])
            d = Download(p["repo"], p["file"], label, state="paused", have=int(p["have"]),
                         total=total)
            self._downloads[key] = d
            found.append(d)
            self.changed.emit(key)
        return found

    # --- the user's buttons ---------------------------------------------------------------
    def start(self, repo: str, file: str | None, label: str) -> Download:
        """Start (or resume) the pull of ``file`` from ``repo`` (None: an MLX repo)."""
        key = key_of(repo, file)
        d = self._downloads.get(key)
        if d is not None and d.active:
            return d
        if d is None:
            d = Download(repo, file, label)
            self._downloads[key] = d
        d.state, d.message, d.discard = "starting", "", False
        d.cancel = threading.Event()
        d.thread = threading.Thread(target=self._run, args=(d, d.cancel), daemon=True,
                                    name=f"download {key}")
        d.thread.start()
        self.changed.emit(key)
        return d

    def resume(self, key: str) -> None:
        d = self._downloads.get(key)
        if d is not None and not d.active:
            self.start(d.repo, d.file, d.label)

    def pause(self, key: str) -> None:
        d = self._downloads.get(key)
        if d is not None and d.active:
            d.cancel.set()  # the thread stops within one chunk and reports "paused"

    def cancel(self, key: str) -> None:
        """Stop and delete the partial files; a finished download is only forgotten here."""
        d = self._downloads.get(key)
        if d is None:
            return
        if d.active:
            d.discard = True
            d.cancel.set()
            return
        if d.state in ("paused", "failed"):
            try:
                downloads.discard_partials(d.repo, d.file)
            except OSError as exc:
                messages.error(self.tr(
                    "The partial files of {download} could not be removed ({why}).").format(
                        download=d.label, why=exc))
            self._keep_total(key, None)
        self._downloads.pop(key, None)
        self.changed.emit(key)

    def forget(self, key: str) -> None:
        d = self._downloads.get(key)
        if d is not None and not d.active:
            self._downloads.pop(key)
            self.changed.emit(key)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Pause every download (partial files stay for the next run) and wait briefly."""
        running = [d for d in self._downloads.values() if d.active]
        for d in running:
            d.cancel.set()
        for d in running:
            if d.thread is not None:
                d.thread.join(timeout)

    # --- the download thread ----------------------------------------------------------------
    def _run(self, d: Download, cancel: threading.Event) -> None:
        key = d.key

        def ended(outcome: str, payload: Any) -> None:  # "done", "paused", "cancelled", "failed"
            to_gui(self, self._ended, key, outcome, payload)

        try:
            entry = self._pull(d.repo, file=d.file, cancel=cancel,
                               progress=lambda p: to_gui(self, self._progress, key, p),
                               discard_on_cancel=lambda: d.discard)
        except downloads.DownloadCancelled as exc:
            if d.discard:
                try:
                    downloads.discard_partials(d.repo, d.file)
                except OSError:
                    log.exception("could not remove partial files of %s", key)
                ended("cancelled", None)
            else:
                ended("paused", str(exc))
        except OrchardError as exc:
            ended("failed", str(exc))
        except Exception as exc:  # noqa: BLE001 - the row must always come to rest
            log.exception("download of %s failed", key)
            ended("failed", self.tr("The download failed ({error}: {why}).").format(
                error=type(exc).__name__, why=exc))
        else:
            ended("done", entry)

    # --- back on the GUI thread -----------------------------------------------------------
    def _progress(self, key: str, p: Progress) -> None:
        d = self._downloads.get(key)
        if d is None or not d.active:
            return
        if p.total and d.total != p.total:  # once per pull: kept for a restart
            d.total = p.total
            self._keep_total(key, p.total)
        d.progress = p
        d.state = "verifying" if p.phase == "verifying" else "downloading"
        self.changed.emit(key)

    def _keep_total(self, key: str, total: int | None) -> None:
        totals = _read_totals()
        if total:
            totals[key] = total
        else:
            totals.pop(key, None)
        try:
            _write_totals(totals)
        except DiskFullError as exc:  # only a figure for the status line is lost: said once
            if self._told_disk_full:
                log.info("%s", exc)
            else:
                self._told_disk_full = True
                messages.warning(str(exc))

    def _show_what_is_left(self, d: Download) -> None:
        """After a failure the bar shows what is still on disk to resume from, not how far the
        transfer had got: a file that failed its checksum was deleted (back to 0)."""
        try:
            left = [p for p in downloads.paused_downloads()
                    if p["repo"] == d.repo and p["file"] == d.file]
        except OSError:
            return
        d.have = int(sum(p["have"] for p in left))
        if d.progress is not None:
            d.progress = replace(d.progress, done=min(d.have, d.progress.total),
                                 file_done=0, rate_bps=0.0, eta_s=None)

    def _ended(self, key: str, outcome: str, payload: Any) -> None:
        d = self._downloads.get(key)
        if d is None:
            return
        d.thread = None
        if outcome in ("cancelled", "done"):
            self._keep_total(key, None)  # nothing left to resume
        if outcome == "cancelled":
            self._downloads.pop(key)
            messages.info(self.tr(
                "Download of {download} cancelled; its partial files were removed.").format(
                    download=d.label))
        elif outcome == "paused":
            d.state = "paused"
        elif outcome == "failed":
            d.state, d.message = "failed", str(payload)
            self._show_what_is_left(d)
            messages.error(str(payload))
        else:
            d.state, d.entry = "done", payload
            messages.info(self.tr(
                "{model} is downloaded and verified; it is now in the model picker.").format(
                    model=payload.id))
            self.completed.emit(payload)
        self.changed.emit(key)
