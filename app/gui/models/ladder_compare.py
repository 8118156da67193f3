"""The quant ladder of one repository, compared in one flow from Download Models: the user
ticks 2 to 4 rungs, sees what they cost (to download, and in memory one at a time), and the
rungs not here yet are downloaded (resumable, as every download) before Compare opens on them.

:class:`LadderCompare` waits for the missing rungs through the window's
:class:`DownloadManager`, so a download paused, failed and resumed, or finished while the
dialog is closed, still ends in the comparison.

Signals:
    ready(list): every ticked rung is here: their library ids (``owner/repo:QUANT``, the
        specs the model picker and Compare list them by), highest precision first (the
        comparison's reference).
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


def summary(options: list[Any], installed: dict[frozenset[str], str]) -> str:
    """One or two sentences on the ticked rungs: what is left to download, and what the
    largest needs in memory (compare holds one model at a time)."""
    translate = QCoreApplication.translate
    if not options:
        return translate("LadderCompare",
                         "Tick {least} to {most} quantizations to compare them.").format(
                             least=MIN_RUNGS, most=MAX_RUNGS)
    names = ", ".join(o.quant for o in options)
    if len(options) < MIN_RUNGS:
        return translate("LadderCompare",
                         "{quants} ticked: tick at least one more to compare.").format(
                             quants=names)
    if len(options) > MAX_RUNGS:
        return translate("LadderCompare", "{n} ticked: Compare takes at most {most}.").format(
            n=len(options), most=MAX_RUNGS)
    total = sum(o.size_bytes for o in options)
    missing = sum(o.size_bytes for o in options if frozenset(o.files) not in installed)
    if not missing:
        have = translate("LadderCompare", "{quants}: all downloaded.").format(quants=names)
    elif missing == total:
        have = translate("LadderCompare", "{quants}: {size} to download.").format(
            quants=names, size=format_bytes(missing))
    else:
        have = translate("LadderCompare", "{quants}: {size} to download of {total}.").format(
            quants=names, size=format_bytes(missing), total=format_bytes(total))
    largest = max(options, key=lambda o: o.memory.total_bytes)
    need = {"quant": largest.quant, "size": format_bytes(largest.memory.total_bytes),
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
    quant: str
    files: frozenset[str]
    file: str  # what the download manager is asked for (a split set's first part)
    size: int


class LadderCompare(QObject):
    ready = Signal(list)
    status = Signal(str)

    def __init__(self, manager: DownloadManager) -> None:
        super().__init__()
        self.manager = manager
        self.repo: str | None = None
        self._rungs: list[_Rung] = []
        self._paths: dict[str, str] = {}
        manager.completed.connect(self._completed)
        manager.changed.connect(self._changed)

    def start(self, repo: str, options: list[Any],
              installed: dict[frozenset[str], str]) -> None:
        """Compare ``options`` (GGUF rungs of ``repo``): download what is missing, then
        emit ready. A flow already waiting is replaced."""
        self.repo = repo
        self._rungs = [_Rung(o.quant, frozenset(o.files), o.files[0], o.size_bytes)
                       for o in sorted(options, key=lambda o: -o.size_bytes)]
        self._paths = {r.quant: installed[r.files] for r in self._rungs if r.files in installed}
        for r in self._rungs:
            if r.quant not in self._paths:
                self.manager.start(repo, r.file, f"{repo}:{r.quant}")
        self._check()

    def waiting(self) -> list[str]:
        return [r.quant for r in self._rungs if r.quant not in self._paths]

    def _check(self) -> None:
        if self.repo is None:
            return
        left = self.waiting()
        if left:
            self.status.emit(
                self.tr("Compare will open when {quant} is downloaded.").format(quant=left[0])
                if len(left) == 1 else
                self.tr("Compare will open when {quants} are downloaded.").format(
                    quants=", ".join(left)))
            return
        paths = [self._paths[r.quant] for r in self._rungs]
        self.repo, self._rungs, self._paths = None, [], {}
        self.status.emit("")
        self.ready.emit(paths)

    def _completed(self, entry: Any) -> None:
        if self.repo is None or entry.repo != self.repo:
            return
        for r in self._rungs:
            if r.files == frozenset(entry.files):
                self._paths[r.quant] = entry.id
        self._check()

    def _changed(self, key: str) -> None:
        """A rung's download that failed or was cancelled: the flow waits (Resume finishes
        it) or, cancelled, gives up with one sentence."""
        if self.repo is None:
            return
        for r in self._rungs:
            if r.quant in self._paths or key != key_of(self.repo, r.file):
                continue
            d = self.manager.get(key)
            if d is None:  # cancelled: its partial files are gone
                self.repo, self._rungs, self._paths = None, [], {}
                self.status.emit(self.tr("The comparison was called off: the download of "
                                         "{quant} was cancelled.").format(quant=r.quant))
            elif d.state == "failed":
                self.status.emit(self.tr(
                    "Compare is waiting for {quant}, whose download failed: resume it under "
                    "Downloads and the comparison goes on.").format(quant=r.quant))
            elif d.state == "paused":
                self.status.emit(self.tr(
                    "Compare is waiting for {quant}, whose download is paused: resume it "
                    "under Downloads and the comparison goes on.").format(quant=r.quant))
            return
