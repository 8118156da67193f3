"""The compare window's side of the engine: runs inference/eval/compare.py and makes MLX
variants as jobs on :class:`inference.engine.Engine`, the one thread that owns models.

Loading, generating, scoring and quantizing all happen on the engine thread (MLX streams are
per thread), so a variant made by "Quantize…" loads on the thread that wrote it, and a
column naming the model the window has loaded uses it instead of loading a second copy.
The comparison's events come back through :mod:`app.gui.bridge` as Qt signals, emitted on
the GUI thread and tagged with the *column* they belong to; reply text is batched to at most
30 updates a second per column.

Models whose headers cannot be read (a damaged .gguf, a missing folder) are reported in their
own column and left out; the rest are still compared. Stop sets the request's
``threading.Event``, which the engine checks between tokens, straight from the GUI thread.

Every ``run`` ends in exactly one of ``finished`` / ``failed``; every ``quantize`` in exactly
one of ``quantized`` / ``quantize_failed``. The worker runs on the app's engine (shared with
the chat), or on one of its own, which :meth:`CompareWorker.shutdown` then closes.

Signals:
    planned(int, str): the reference column and the engine's plan in one sentence.
    state(int, str, object): column, event kind (loading, loaded, reply, quality, unloaded)
        and a snapshot of that column's ModelResult.
    text(int, str): reply text for a column, batched.
    column_failed(int, str): that column's model could not be read or loaded.
    measuring(int, int, int): a column's model is being scored: windows done, in all.
    finished(object): a CompareOutcome (also after Stop, with ``stopped`` set).
    failed(str): the whole run could not go on; one sentence for the user.
    quantized(object): a QuantizeResult.
    quantize_failed(str): one sentence for the user.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.gui.bridge import Batcher, on_gui
from inference.engine import Engine, Job, JobFailed, StopFlag, TaskContext, TaskDone
from inference.errors import OrchardError
from inference.eval.categories import Category
from inference.eval.compare import CompareReport, CompareSettings, ModelResult
from inference.model.load import LoadedModel
from inference.remote import ProcessEngine

log = logging.getLogger(__name__)


@dataclass
class CompareRequest:
    """One run. ``quality`` is None or a text choice (see :func:`quality_texts`)."""

    specs: list[str]
    settings: CompareSettings
    quality: tuple[str, str] | None = None
    cancel: StopFlag = field(default_factory=StopFlag)


@dataclass
class CompareOutcome:
    report: CompareReport  # one row per column, indexed by column
    stopped: bool = False
    measured: bool = False  # quality figures were asked for
    #: one sentence when the reference's scores could not be stored (a full disk), else ""
    not_saved: str = ""


@dataclass
class QuantizeRequest:
    source: str
    out: Path
    bits: int = 4
    group_size: int = 64


def snapshot(r: ModelResult, column: int) -> ModelResult:
    """A copy the GUI may keep: the engine goes on mutating its own row on this thread."""
    return replace(r, index=column, reply_ids=list(r.reply_ids))


def quality_texts(source: tuple[str, str]) -> tuple[Category, ...]:
    """The categories a text choice of the window measures: ("categories", "") the shipped
    set, ("categories_file", PATH) that and the user's file, ("builtin", KEY) one shipped
    text, ("conversations", ""), ("file", PATH), ("text", TEXT) the prompt."""
    from inference.eval import categories
    from inference.eval.compare import CONVERSATIONS, saved_conversations_text

    kind, value = source
    if kind == "categories":
        return tuple(categories.default_set())
    if kind == "categories_file":
        return (*categories.default_set(), _file(value))
    if kind == "builtin":
        return (categories.shipped(value),)
    if kind == CONVERSATIONS:
        label = QCoreApplication.translate("CompareWindow", "Your saved conversations")
        return (Category(CONVERSATIONS, label, text=saved_conversations_text()),)
    if kind == "file":
        return (_file(value),)
    if not value.strip():
        raise OrchardError(QCoreApplication.translate(
            "CompareWorker", "Type a prompt first, or choose another text to measure."))
    return (Category("prompt", QCoreApplication.translate("CompareWindow", "The prompt"),
                     text=value),)


def _file(value: str) -> Category:
    """The user's file as a category (a .json dialogue, or plain UTF-8 text)."""
    from inference.eval.categories import from_file

    path = Path(value)
    if not path.is_file():
        raise OrchardError(QCoreApplication.translate(
            "CompareWorker", "{path} does not exist; choose another text.").format(path=path))
    try:
        return from_file(path)
    except OrchardError as exc:
        if "UTF-8" not in str(exc):
            raise
        raise OrchardError(QCoreApplication.translate(
            "CompareWorker", "{name} could not be read as UTF-8 text.").format(
            name=path.name)) from exc


class CompareWorker(QObject):
    planned = Signal(int, str)
    state = Signal(int, str, object)
    text = Signal(int, str)
    column_failed = Signal(int, str)
    measuring = Signal(int, int, int)
    finished = Signal(object)
    failed = Signal(str)
    quantized = Signal(object)
    quantize_failed = Signal(str)

    def __init__(self, engine: Engine | ProcessEngine | None = None) -> None:
        super().__init__()
        self.owns_engine = engine is None
        self.engine = engine if engine is not None else Engine()
        self._current: CompareRequest | None = None
        self.job: Job | None = None

    # --- called from the GUI thread -------------------------------------------------------
    def stop(self) -> None:
        """Stop the run in progress within one token (thread-safe)."""
        current = self._current
        if current is not None:
            current.cancel.set()

    def run(self, request: CompareRequest) -> None:
        self._current = request
        try:
            settings = request.settings
            if request.quality is not None:  # read here: its errors are said in our words
                settings = replace(settings, categories=quality_texts(request.quality))
        except OrchardError as exc:
            self.failed.emit(str(exc))
            return

        work = CompareTask(
            list(request.specs), settings,
            too_few=self.tr("At least two of the chosen models must be readable to compare."),
            bad_reference=self.tr("The chosen reference [{n}] could not be read; choose "
                                  "another."))
        self.job = self.engine.task(
            work, on_gui(self, self._compare_event), stop=request.cancel, exclusive=True,
            out_of_memory=self.tr("Ran out of memory; compare fewer or smaller models."),
            failure=self.tr("The comparison failed"),
        )

    def quantize(self, request: QuantizeRequest) -> None:
        self.job = self.engine.task(
            QuantizeTask(request), on_gui(self, self._quantize_event),
            out_of_memory=self.tr("Ran out of memory while quantizing; close other models."),
            failure=self.tr("Quantizing failed"), exclusive=True,  # the chat's model steps aside
        )

    def shutdown(self) -> None:
        """Stop any run, let its job end (a quantization finishes), and close an own engine."""
        self.stop()
        job = self.job
        if job is not None:
            job.done.wait()
        if self.owns_engine:
            self.engine.close()

    # --- the engine's events, on the GUI thread -------------------------------------------
    def _compare_event(self, event: Any) -> None:
        if isinstance(event, CompareSignal):
            getattr(self, event.name).emit(*event.args)
        elif isinstance(event, TaskDone):
            self.finished.emit(event.value)
        elif isinstance(event, JobFailed):
            self.failed.emit(event.message)

    def _quantize_event(self, event: Any) -> None:
        if isinstance(event, TaskDone):
            self.quantized.emit(event.value)
        elif isinstance(event, JobFailed):
            self.quantize_failed.emit(event.message)


# --- the work, on the engine's thread (in its process: these are pickled, so no Qt here) ------
@dataclass(frozen=True)
class CompareSignal:
    """A :class:`CompareWorker` signal to emit, by name, with its arguments."""

    name: str
    args: tuple[Any, ...]


@dataclass
class QuantizeTask:
    request: QuantizeRequest

    def __call__(self, context: TaskContext) -> Any:
        from inference.eval.quantize import quantize

        r = self.request
        return quantize(r.source, r.out, bits=r.bits, group_size=r.group_size)


@dataclass
class CompareTask:
    """One run; the sentences it may say come translated, since it may run where Qt's
    translations are not installed."""

    specs: list[str]
    settings: CompareSettings
    too_few: str
    bad_reference: str  # with {n}: the column

    def __call__(self, context: TaskContext) -> CompareOutcome:
        return self.run(context, context.take_loaded())

    def run(self, context: TaskContext, loaded: LoadedModel | None) -> CompareOutcome:
        from inference.eval.compare import Comparison, split_kv
        from inference.model.load import inspect_model

        def emit(name: str, *args: Any) -> None:
            context.emit(CompareSignal(name, args))

        settings = self.settings
        # Read every header first: the engine refuses the whole run over one bad file, but a
        # damaged download should only cost its own column.
        rows: dict[int, ModelResult] = {}
        columns: list[int] = []
        for col, spec in enumerate(self.specs):
            try:
                inspect_model(split_kv(spec)[0], exact=settings.exact)
            except OrchardError as exc:
                rows[col] = ModelResult(col, spec, name=Path(spec).name, error=str(exc))
                emit("column_failed", col, str(exc))
            else:
                columns.append(col)
        if len(columns) < 2:
            raise OrchardError(self.too_few)
        if settings.reference is not None:  # a column number: its place among the readable
            if settings.reference not in columns:
                raise OrchardError(self.bad_reference.format(n=settings.reference + 1))
            settings = replace(settings, reference=columns.index(settings.reference))
        comparison = Comparison([self.specs[c] for c in columns], settings, reuse=loaded)
        del loaded  # the comparison's hold is the only one: it lets go after its turn
        comparison.cancel = context.stop  # Stop reaches it between two tokens
        comparison.on_progress = lambda i, done, total: emit(
            "measuring", columns[i], done, total)
        comparison.plan()
        reference = columns[comparison.reference]
        texts: dict[int, Batcher] = {}  # per column

        def flush(col: int) -> None:
            if col in texts:
                texts[col].flush()

        for event in comparison.run():
            if event.kind == "plan":
                emit("planned", reference, event.message)
                continue
            col = columns[event.index]
            if event.kind == "chunk":
                if col not in texts:
                    texts[col] = Batcher(functools.partial(emit, "text", col))
                texts[col].add(event.chunk.text if event.chunk is not None else "")
                continue
            flush(col)
            if event.kind == "failed":
                emit("column_failed", col, event.message)
            elif event.result is not None:
                emit("state", col, event.kind, snapshot(event.result, col))
        for batch in texts.values():
            batch.flush()
        for k, r in enumerate(comparison.results):
            rows[columns[k]] = snapshot(r, columns[k])
        report = CompareReport([rows[c] for c in range(len(self.specs))], reference,
                               comparison.describe_plan(),
                               categories=comparison.report().categories,
                               notes=list(comparison.notes))
        return CompareOutcome(report, stopped=context.stop.is_set(),
                              measured=settings.measures,
                              not_saved=comparison.not_saved)
