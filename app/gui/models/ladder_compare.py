"""The quant ladder of one model, compared in one flow from Download Models: the user ticks
2 to 4 rungs (GGUF quants of one repository, the MLX repositories quantized from the same
base, or both), sees what they cost (to download, and in memory one at a time), and the rungs
not here yet are downloaded (resumable, as every download; an MLX repository whole) before
Compare opens on them.

:class:`LadderCompare` waits for the missing rungs through the window's
:class:`DownloadManager`, so a download paused, failed and resumed, or finished while the
dialog is closed, still ends in the comparison.

Signals:
    ready(list): every ticked rung is here: their library ids (``owner/repo:QUANT`` for a
        GGUF rung, the repository's name for an MLX one: the specs the model picker and
        Compare list them by), highest precision (the largest) first: the comparison's
        reference.
    status(str): what the flow is waiting for, or why it stopped, in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.gui.models.download_manager import DownloadManager, key_of
from inference.model.memory import format_bytes

MIN_RUNGS, MAX_RUNGS = 2, 4


def installed_specs(repo: str) -> dict[frozenset[str], str]:
    """The rungs of ``repo`` already in the library: their file sets and library ids."""
    from inference.model import library

    try:
        return {frozenset(e.files): e.id for e in library.entries()
                if e.repo == repo and e.exists()}
    except OSError:
        return {}


def label(o: Any) -> str:
    """How a rung is named in sentences: a GGUF quant as it is, an MLX repo's with "MLX"
    before it (as its row in Download Models reads)."""
    if o.format == "gguf":
        return str(o.quant)
    return QCoreApplication.translate("HubDialog", "MLX {quant}").format(quant=o.quant)


def summary(rows: list[tuple[str, Any]],
            installed: dict[str, dict[frozenset[str], str]]) -> str:
    """One or two sentences on the ticked rungs (each with its repo; ``installed`` holds
    each repo's rungs already here): what is left to download, and what the largest needs
    in memory (compare holds one model at a time)."""
    translate = QCoreApplication.translate
    options = [o for _repo, o in rows]
    if not options:
        return translate("LadderCompare",
                         "Tick {least} to {most} quantizations to compare them.").format(
                             least=MIN_RUNGS, most=MAX_RUNGS)
    names = ", ".join(label(o) for o in options)
    if len(options) < MIN_RUNGS:
        return translate("LadderCompare",
                         "{quants} ticked: tick at least one more to compare.").format(
                             quants=names)
    if len(options) > MAX_RUNGS:
        return translate("LadderCompare", "{n} ticked: Compare takes at most {most}.").format(
            n=len(options), most=MAX_RUNGS)
    total = sum(o.size_bytes for o in options)
    missing = sum(o.size_bytes for repo, o in rows
                  if frozenset(o.files) not in installed.get(repo, {}))
    if not missing:
        have = translate("LadderCompare", "{quants}: all downloaded.").format(quants=names)
    elif missing == total:
        have = translate("LadderCompare", "{quants}: {size} to download.").format(
            quants=names, size=format_bytes(missing))
    else:
        have = translate("LadderCompare", "{quants}: {size} to download of {total}.").format(
            quants=names, size=format_bytes(missing), total=format_bytes(total))
    largest = max(options, key=lambda o: o.memory.total_bytes)
    need = {"quant": label(largest), "size": format_bytes(largest.memory.total_bytes),
            "budget": format_bytes(largest.memory.budget_bytes)}
    if largest.verdict == "fits":
        fit = translate("LadderCompare", "One model is in memory at a time: the largest "
                        "({quant}) needs {size}, which fits.")
    elif largest.verdict == "tight":
        fit = translate("LadderCompare", "One model is in memory at a time: the largest "
                        "({quant}) needs {size}, which is tight.")
    else:
        fit = translate("LadderCompare", "One model is in memory at a time: the largest "
                        "({quant}) needs {size}, more than the {budget} this Mac has for "
                        "models.")
    return f"{have} {fit.format(**need)}"


@dataclass
class _Rung:
    repo: str
    quant: str
    label: str  # as sentences name it
    files: frozenset[str]
    file: str | None  # what the download manager is asked for (a split set's first part);
    # None: an MLX repo, downloaded whole
    size: int

    @property
    def key(self) -> str:
        return f"{self.repo}:{self.quant}"


class LadderCompare(QObject):
    ready = Signal(list)
    status = Signal(str)

    def __init__(self, manager: DownloadManager) -> None:
        super().__init__()
        self.manager = manager
        self._rungs: list[_Rung] = []
        self._paths: dict[str, str] = {}  # a rung's key: its library id, once here
        manager.completed.connect(self._completed)
        manager.changed.connect(self._changed)

    @property
    def active(self) -> bool:
        """Whether a flow is waiting for downloads."""
        return bool(self._rungs)

    def start(self, rows: list[tuple[str, Any]],
              installed: dict[str, dict[frozenset[str], str]]) -> None:
        """Compare ``rows`` (each a repo and a rung of it: GGUF rungs of one repo, MLX repos
        of the same base, or both): download what is missing (an MLX repo whole), then emit
        ready. ``installed`` holds each repo's rungs already in the library. A flow already
        waiting is replaced."""
        self._rungs = [
            _Rung(repo, o.quant, label(o), frozenset(o.files),
                  o.files[0] if o.format == "gguf" else None, o.size_bytes)
            for repo, o in sorted(rows, key=lambda row: -row[1].size_bytes)]
        self._paths = {}
        for r in self._rungs:
            here = installed.get(r.repo, {})
            if r.files in here:
                self._paths[r.key] = here[r.files]
        for r in self._rungs:
            if r.key not in self._paths:
                self.manager.start(r.repo, r.file, r.key)
        self._check()

    def waiting(self) -> list[str]:
        return [r.label for r in self._rungs if r.key not in self._paths]

    def _stop(self) -> None:
        self._rungs, self._paths = [], {}

    def _check(self) -> None:
        if not self._rungs:
            return
        left = self.waiting()
        if left:
            self.status.emit(
                self.tr("Compare will open when {quant} is downloaded.").format(quant=left[0])
                if len(left) == 1 else
                self.tr("Compare will open when {quants} are downloaded.").format(
                    quants=", ".join(left)))
            return
        paths = [self._paths[r.key] for r in self._rungs]
        self._stop()
        self.status.emit("")
        self.ready.emit(paths)

    def _completed(self, entry: Any) -> None:
        if not self._rungs:
            return
        for r in self._rungs:
            if r.repo != entry.repo:
                continue
            # a GGUF rung is its files; an MLX rung is its whole repo
            if r.file is None or r.files == frozenset(entry.files):
                self._paths[r.key] = entry.id
        self._check()

    def _changed(self, key: str) -> None:
        """A rung's download that failed or was cancelled: the flow waits (Resume finishes
        it) or, cancelled, gives up with one sentence."""
        for r in self._rungs:
            if r.key in self._paths or key != key_of(r.repo, r.file):
                continue
            d = self.manager.get(key)
            if d is None:  # cancelled: its partial files are gone
                self._stop()
                self.status.emit(self.tr("The comparison was called off: the download of "
                                         "{quant} was cancelled.").format(quant=r.label))
            elif d.state == "failed":
                self.status.emit(self.tr(
                    "Compare is waiting for {quant}, whose download failed: resume it under "
                    "Downloads and the comparison goes on.").format(quant=r.label))
            elif d.state == "paused":
                self.status.emit(self.tr(
                    "Compare is waiting for {quant}, whose download is paused: resume it "
                    "under Downloads and the comparison goes on.").format(quant=r.label))
            return
