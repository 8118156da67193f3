"""The Compare window: one prompt, 2 to 4 models side by side, quality on demand, export.

Each column (app/gui/compare/column.py) has a model chooser, a header (size, bits per weight,
load time, TTFT, prompt and generation tokens/s, peak memory, as they arrive) and the streamed
reply. Greedy replies mark where each one first leaves the reference column's. "Measure"
scores a reference text (perplexity, KL divergence, top-1 agreement); the table and the chart
gather what Compare and Measure found for the chosen models, and export as Markdown, CSV and
PNG. "Quantize…" (app/gui/compare/quantize_dialog.py) makes an MLX variant to compare.

All model work runs on the engine's thread, queued by the CompareWorker (worker.py); this
module only touches widgets, on the GUI thread. Stop sets the run's Event directly.

Signals:
    added(str): the user added a model file or folder (or made one with Quantize…).
"""

from __future__ import annotations

import html
import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import places
from app.gui.compare.column import DIVERGE_BG, CompareColumn, State, mb, merge
from app.gui.compare.quantize_dialog import QuantizeDialog
from app.gui.compare.worker import CompareOutcome, CompareRequest, CompareWorker, QuantizeRequest
from app.gui.models.picker import candidate_specs
from inference.engine import Engine
from inference.eval.compare import (
    DEFAULT_CTX,
    CompareReport,
    CompareSettings,
    ModelResult,
    split_kv,
)
from inference.eval.results import nats
from inference.files import write_atomically
from inference.remote import ProcessEngine
from inference.settings_schema import COMPARE, SETTINGS

log = logging.getLogger(__name__)

#: The table's headers, in English: translated where they are shown.
TABLE_COLUMNS = [
    str(QT_TRANSLATE_NOOP("CompareWindow", "Model")),
    str(QT_TRANSLATE_NOOP("CompareWindow", "Bits/\nweight")),
    str(QT_TRANSLATE_NOOP("CompareWindow", "Size")),
    str(QT_TRANSLATE_NOOP("CompareWindow", "Perplexity")),
    str(QT_TRANSLATE_NOOP("CompareWindow", "KL")),
    str(QT_TRANSLATE_NOOP("CompareWindow", "Top-1\nagreement")),
    str(QT_TRANSLATE_NOOP("CompareWindow", "Tokens/s")),
    str(QT_TRANSLATE_NOOP("CompareWindow", "TTFT")),
    str(QT_TRANSLATE_NOOP("CompareWindow", "Peak\nmemory")),
    str(QT_TRANSLATE_NOOP("CompareWindow", "Answer\nflips")),
]
#: The built-in texts' names, in English: translated where they are shown.
TEXT_NAMES = {"en": str(QT_TRANSLATE_NOOP("CompareWindow", "English")),
              "ja": str(QT_TRANSLATE_NOOP("CompareWindow", "Japanese")),
              "ko": str(QT_TRANSLATE_NOOP("CompareWindow", "Korean")),
              "zh": str(QT_TRANSLATE_NOOP("CompareWindow", "Chinese")),
              "code": str(QT_TRANSLATE_NOOP("CompareWindow", "Source code")),
              "ru": str(QT_TRANSLATE_NOOP("CompareWindow", "Russian")),
              "chat": str(QT_TRANSLATE_NOOP("CompareWindow", "Chat dialogue")),
              "long": str(QT_TRANSLATE_NOOP("CompareWindow", "Long document"))}
#: The text choices' labels by kind ("file" once a file is chosen: "chosen"), in English.
TEXT_LABELS = {"categories": str(QT_TRANSLATE_NOOP(
                   "CompareWindow", "Every kind of text (prose, code, Japanese, Chinese, chat, "
                   "long document)")),
               "categories_file": str(QT_TRANSLATE_NOOP(
                   "CompareWindow", "Every kind of text and a file of mine…")),
               "categories_chosen": str(QT_TRANSLATE_NOOP(
                   "CompareWindow", "Every kind of text and {name}")),
               "builtin": str(QT_TRANSLATE_NOOP("CompareWindow", "{name} (built-in)")),
               "conversations": str(QT_TRANSLATE_NOOP("CompareWindow", "Your saved conversations")),
               "text": str(QT_TRANSLATE_NOOP("CompareWindow", "The prompt")),
               "file": str(QT_TRANSLATE_NOOP("CompareWindow", "A text file…")),
               "chosen": str(QT_TRANSLATE_NOOP("CompareWindow", "File: {name}"))}
ADD_FILE, ADD_FOLDER = "__add_file__", "__add_folder__"
#: The replies' and the results' shares of the window's height (a measure alone gives the
#: replies' share to the results).
BODY_SIZES = (460, 320)


def text_label(kind: str, value: str, *, translated: bool = True) -> str:
    """The label of a quality text choice (as ``text_source``'s item data has it): in the
    user's language for the window, in English (``translated`` False) for the exports."""
    def word(text: str) -> str:
        return QCoreApplication.translate("CompareWindow", text) if translated else text

    if kind == "builtin":
        return word(TEXT_LABELS["builtin"]).format(name=word(TEXT_NAMES.get(value, value)))
    if kind == "file" and value:
        return word(TEXT_LABELS["chosen"]).format(name=Path(value).name)
    if kind == "categories_file" and value:
        return word(TEXT_LABELS["categories_chosen"]).format(name=Path(value).name)
    return word(TEXT_LABELS.get(kind, kind))


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 90:
        return QCoreApplication.translate("CompareWindow", "{seconds} s").format(seconds=seconds)
    return QCoreApplication.translate("CompareWindow", "{minutes} min {seconds} s").format(
        minutes=seconds // 60, seconds=f"{seconds % 60:02d}")


def _choices(choices: list[dict[str, Any]]) -> str:
    return ", ".join(f"<code>{html.escape(repr(c['token']))}</code> {c['p']:.0%}"
                     for c in choices)


def divergence_html(report: CompareReport, opened: tuple[int, int] | None = None) -> str:
    """Where each model leaves the reference: the first differing token of its reply with both
    models' five likeliest tokens, and the scored tokens with the largest KL in context, each
    a link that opens (``opened``: model index, token number) the passage around it."""
    parts: list[str] = []
    for r in report.results:
        if r.divergence is None and not r.worst_tokens:
            continue
        parts.append(f"<h3>[{r.index + 1}] {html.escape(r.name)}</h3>")
        d = r.divergence
        if d is not None:
            rows = "".join(
                f"<tr><td><code>{html.escape(repr(a['token']))}</code></td>"
                f"<td align=right>{a['p']:.1%}</td><td>&nbsp;&nbsp;</td>"
                f"<td><code>{html.escape(repr(b['token']))}</code></td>"
                f"<td align=right>{b['p']:.1%}</td></tr>"
                for a, b in zip(d["reference"], d["model"], strict=False))
            leaves = QCoreApplication.translate(
                "CompareWindow", "The reply leaves the reference's at token {n}:").format(
                n=d["token"])
            reference = QCoreApplication.translate("CompareWindow", "reference")
            this_model = QCoreApplication.translate("CompareWindow", "this model")
            parts.append(f"<p>{leaves}</p>"
                         f"<table cellpadding=2><tr><th>{reference}</th><th></th><th></th>"
                         f"<th>{this_model}</th><th></th></tr>{rows}</table>")
        if r.worst_tokens:
            items = []
            for n, w in enumerate(r.worst_tokens):
                mark = (f"<span style='background:{DIVERGE_BG};'><b>"
                        f"{html.escape(w['token'])}</b></span>")
                kl = QCoreApplication.translate("CompareWindow", "{kl} nats").format(
                    kl=f"<b>{nats(w['kl'])}</b>")
                where = f" ({html.escape(w['category_label'])})" if w.get("category_label") else ""
                item = (f"<li><a href='token:{r.index}:{n}'>{kl}</a>{where}: "
                        f"…{html.escape(w['before'][-60:])}{mark}{html.escape(w['after'])}…")
                if w.get("reference") and w.get("model"):
                    item += "<br><small>" + QCoreApplication.translate(
                        "CompareWindow", "reference: {reference} · this model: {model}").format(
                        reference=_choices(w["reference"]), model=_choices(w["model"])) + (
                        "</small>")
                if opened == (r.index, n) and "passage_before" in w:
                    passage = (html.escape(w["passage_before"]) + mark
                               + html.escape(w["passage_after"])).replace("\n", "<br>")
                    item += f"<blockquote>…{passage}…</blockquote>"
                items.append(item + "</li>")
            furthest = QCoreApplication.translate(
                "CompareWindow", "Where it strays furthest from the reference over the text "
                "(KL, largest first; click one to read it in its place):")
            parts.append(f"<p>{furthest}</p><ul>{''.join(items)}</ul>")
    return "".join(parts)


class ChartView(QWidget):
    """The chart painted at the widget's own size, in the window's light or dark colours:
    crisp at any size (the file exports draw the same picture at 1200 x 520)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: CompareReport | None = None
        self.x_axis = "bits"  # what KL is drawn against (app.gui.chart.X_AXES)
        self.setMinimumSize(240, 180)
        self.setAccessibleName(self.tr("Chart: size against quality and speed"))
        self.axis = QComboBox(self)
        for axis, label in (("bits", self.tr("KL against bits per weight")),
                            ("size", self.tr("KL against file size")),
                            ("memory", self.tr("KL against memory used here")),
                            ("speed", self.tr("KL against decode speed here"))):
            self.axis.addItem(label, axis)
        self.axis.setAccessibleName(self.tr("What the chart draws KL against"))
        self.axis.currentIndexChanged.connect(self._axis_chosen)

    def _axis_chosen(self, index: int) -> None:
        self.x_axis = str(self.axis.itemData(index))
        self.update()

    def set_report(self, report: CompareReport | None) -> None:
        self.report = report
        self.update()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        from app.gui.chart import DARK, Ink, paint_chart

        if self.report is None:
            return
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        painter = QPainter(self)
        try:
            paint_chart(painter, self.report, self.width(), self.height(),
                        DARK if dark else Ink(), x_axis=self.x_axis)
        except Exception as exc:  # noqa: BLE001 - a chart is never worth losing the results
            log.warning("the chart could not be drawn: %s", exc)
        finally:
            painter.end()


class CompareWindow(QMainWindow):
    added = Signal(str)
    _run_requested = Signal(object)
    _quantize_requested = Signal(object)

    def __init__(self, current: str = "starter", added: list[str] | None = None,
                 parent: QWidget | None = None,
                 engine: Engine | ProcessEngine | None = None,
                 context_length: int | None = None) -> None:
        super().__init__(parent)
        #: the context the user chats at: each model's speed, memory verdict and long
        #: document are measured there (None: the comparison's own, inference.eval.compare)
        self.context_length = context_length
        self.setWindowTitle(self.tr("Compare models"))
        self.resize(1280, 860)
        self.added_paths = list(added or [])
        self.request: CompareRequest | None = None
        #: the measure in progress: its request, when and how far along (0-1) it was first
        #: heard from, and the models it has finished
        self._measure: tuple[Any, float, float, set[int]] | None = None
        self.busy = ""
        self.reference = 0
        self.plan = ""
        self.report: CompareReport | None = None
        self.outcome: CompareOutcome | None = None  # the last run's
        self._prompted: CompareSettings | None = None  # the last Compare's prompt, seed…
        self._measured_on = ""  # the text of the last Measure
        self._categories: list[tuple[str, str]] = []  # and the kinds of text it measured
        self.request_settings: CompareSettings | None = None  # the last run's
        #: the worst-KL token whose passage is open in "Where they diverge" (model, number)
        self._opened_token: tuple[int, int] | None = None

        top = self._build_top()
        columns = self._build_columns(current)
        row = self._build_prompt_row()
        quality = self._build_quality_row()
        bottom = self._build_results()
        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(columns)
        body.addWidget(bottom)
        body.setSizes(list(BODY_SIZES))
        self.body = body

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        layout.addWidget(self.prompt)
        layout.addLayout(row)
        layout.addLayout(quality)
        layout.addWidget(self.status)
        self.setCentralWidget(central)

        self._connect(engine)

    # --- building (the window's parts, top to bottom) ---------------------------------------
    def _build_top(self) -> QHBoxLayout:
        """How many models, which is the reference, Quantize…, Markdown."""
        self.count = QSpinBox(self)
        self.count.setRange(2, 4)
        self.count.setPrefix(self.tr("Models: "))
        self.markdown = QCheckBox(self.tr("Markdown"), self)
        self.quantize_button = QPushButton(self.tr("Quantize…"), self)
        self.reference_choice = QComboBox(self)
        self.reference_choice.setAccessibleName(self.tr("Reference"))
        self.reference_choice.setToolTip(self.tr(
            "The model the others are measured against: by default the one with the most bits "
            "per weight"))
        top = QHBoxLayout()
        top.addWidget(self.count)
        top.addWidget(self.reference_choice)
        top.addWidget(self.quantize_button)
        top.addStretch(1)
        top.addWidget(self.markdown)
        return top

    def _build_columns(self, current: str) -> QSplitter:
        """One column per model (2 to 4 shown), each with its model and KV-cache choosers."""
        self.columns = [CompareColumn(i, self) for i in range(4)]
        columns = QSplitter(Qt.Orientation.Horizontal, self)
        for c in self.columns:
            columns.addWidget(c)
            self._fill_combo(c)
            c.combo.activated.connect(lambda _i, c=c: self._model_chosen(c))
            c.kv.activated.connect(lambda _i, c=c: self._model_chosen(c))
        self.columns[0].combo.setCurrentIndex(max(self.columns[0].combo.findData(current), 0))
        for c in self.columns[1:]:
            # a different model where there is one, else the same one to change
            c.combo.setCurrentIndex(min(c.number, c.combo.count() - 4))
            c.previous = c.combo.currentIndex()
        return columns

    def _build_prompt_row(self) -> QHBoxLayout:
        """The prompt, and what every reply is asked with: system prompt, temperature, seed,
        length; Compare and Stop."""
        self.prompt = QPlainTextEdit(self)
        self.prompt.setPlaceholderText(self.tr("One prompt; every model answers it"))
        self.prompt.setMaximumHeight(64)
        self.system = QLineEdit(self)
        self.system.setPlaceholderText(self.tr("System prompt (default: the reference model's)"))
        self.temperature = QDoubleSpinBox(self)
        self.temperature.setRange(0.0, SETTINGS["temperature"].hi)
        self.temperature.setSingleStep(0.1)
        self.temperature.setPrefix(self.tr("Temperature "))
        self.temperature.setSpecialValueText(self.tr("Temperature 0 (greedy)"))
        self.seed = QSpinBox(self)
        self.seed.setRange(0, min(int(SETTINGS["seed"].hi), 2**31 - 1))  # a QSpinBox's int
        self.seed.setPrefix(self.tr("Seed "))
        self.max_tokens = QSpinBox(self)
        self.max_tokens.setRange(1, 8192)
        self.max_tokens.setValue(int(COMPARE["max_tokens"]))
        self.max_tokens.setPrefix(self.tr("Max tokens "))
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        row = QHBoxLayout()
        row.addWidget(self.system, 1)
        for w in (self.temperature, self.seed, self.max_tokens, self.compare_button,
                  self.stop_button):
            row.addWidget(w)
        return row

    def _build_quality_row(self) -> QHBoxLayout:
        """What quality is measured on, how much of it, the speed a recommendation needs,
        Measure, Answer flips and Export."""
        self.text_source = QComboBox(self)
        from inference.eval.compare import builtin_texts

        for data in [("categories", ""), ("categories_file", ""),
                     *(("builtin", name) for name in builtin_texts()), ("conversations", ""),
                     ("text", ""), ("file", "")]:
            self.text_source.addItem(text_label(*data), data)
        self.text_source.setToolTip(self.tr(
            "Every statistic is reported per kind of text and over all of them: a quant close "
            "to its reference on English can lose far more on code, other scripts, a chat or "
            "deep into a long document."))
        self.quality_tokens = QSpinBox(self)
        quality_tokens = SETTINGS["quality_tokens"]
        self.quality_tokens.setRange(int(quality_tokens.lo), int(quality_tokens.hi))
        self.quality_tokens.setValue(int(quality_tokens.default or quality_tokens.lo))
        self.quality_tokens.setPrefix(self.tr("Tokens "))
        self.quality_tokens.setToolTip(self.tr(
            "Tokens scored per text (the long document is read whole, up to the context)"))
        self.min_speed = QDoubleSpinBox(self)
        self.min_speed.setRange(0.0, 1000.0)
        self.min_speed.setDecimals(0)
        self.min_speed.setSingleStep(5.0)
        self.min_speed.setPrefix(self.tr("At least "))
        self.min_speed.setSuffix(self.tr(" tok/s"))
        self.min_speed.setSpecialValueText(self.tr("Any speed"))
        self.min_speed.setToolTip(self.tr(
            "The recommendation names the closest model that fits this Mac's memory and "
            "decodes at least this fast here"))
        self.min_speed.valueChanged.connect(lambda _v: self._show_summary())
        self.flips = QCheckBox(self.tr("Answer flips"), self)
        self.flips.setToolTip(self.tr(
            "Also ask every model 20 short questions (greedy) and count the answers that "
            "differ from the reference's: how often the quantization changes an answer."))
        self.measure_button = QPushButton(self.tr("Measure"), self)
        self.export_button = QToolButton(self)
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction(self.tr("Report as a web page to share (HTML)…"), self.export_html)
        menu.addAction(self.tr("Every number as JSON…"), self.export_json)
        menu.addAction(self.tr("Report as Markdown (with the chart)…"), self.export_markdown)
        menu.addAction(self.tr("Table as CSV…"), self.export_csv)
        menu.addAction(self.tr("Chart as PNG or SVG…"), self.export_chart)
        self.export_button.setMenu(menu)
        quality = QHBoxLayout()
        quality.addWidget(QLabel(self.tr("Quality on"), self))
        quality.addWidget(self.text_source)
        quality.addWidget(self.quality_tokens)
        quality.addWidget(self.min_speed)
        quality.addWidget(self.measure_button)
        quality.addWidget(self.flips)
        quality.addStretch(1)
        quality.addWidget(self.export_button)
        return quality

    def _build_results(self) -> QSplitter:
        """The status line, the result in words, the table, and the chart, per-kind and
        divergence tabs."""
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(TABLE_COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in TABLE_COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Results"))
        self.chart = ChartView(self)
        self.diverge = QTextBrowser(self)
        self.diverge.setAccessibleName(self.tr("Where the models diverge"))
        self.diverge.setOpenLinks(False)  # a token's link opens its passage here
        self.diverge.anchorClicked.connect(self._open_token)
        self.diverge.setPlaceholderText(self.tr(
            "After Compare: where each reply first leaves the reference's, with both models' "
            "likeliest tokens there. After Measure: the tokens of the text where each model "
            "strays furthest, in their context."))
        self.by_category = QTableWidget(0, 0, self)
        self.by_category.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.by_category.verticalHeader().setVisible(False)
        self.by_category.setAccessibleName(self.tr("Mean KL per kind of text"))
        self.by_category.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        views = QTabWidget(self)
        views.addTab(self.chart, self.tr("Chart"))
        views.addTab(self.by_category, self.tr("Per kind of text"))
        views.addTab(self.diverge, self.tr("Where they diverge"))
        views.setCornerWidget(self.chart.axis)  # beside the tabs: the chart keeps its room
        self.views = views
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("The result in words"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.hide()
        results = QWidget(self)
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.summary)
        results_layout.addWidget(self.table, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(results)
        bottom.addWidget(views)
        bottom.setSizes([760, 520])
        return bottom

    def _connect(self, engine: Engine | ProcessEngine | None) -> None:
        """The worker (on the app's engine: a column naming the chat's model reuses it; None:
        one of its own) and every control's connection."""
        self.worker = CompareWorker(engine)
        self._run_requested.connect(self.worker.run)
        self._quantize_requested.connect(self.worker.quantize)
        self.worker.planned.connect(self._planned)
        self.worker.measuring.connect(self._measuring)
        self.worker.state.connect(self._state)
        self.worker.text.connect(self._text)
        self.worker.column_failed.connect(self._column_failed)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self.worker.quantized.connect(self._quantized)
        self.worker.quantize_failed.connect(self._quantize_failed)
        app = QApplication.instance()
        if app is not None:  # the app may quit with this window open: end its job first
            app.aboutToQuit.connect(self.shutdown)
        self.count.valueChanged.connect(self._show_columns)
        self.count.valueChanged.connect(lambda _n: self._fill_reference_choice())
        self._fill_reference_choice()
        self.markdown.toggled.connect(self._markdown_toggled)
        self.compare_button.clicked.connect(self.compare)
        self.stop_button.clicked.connect(self.stop)
        self.measure_button.clicked.connect(self.measure)
        self.quantize_button.clicked.connect(self.open_quantize)
        self._text_index = 0
        self.text_source.activated.connect(self._text_chosen)
        self._show_columns()
        self._set_busy("")

    # --- models -------------------------------------------------------------------------
    def _fill_combo(self, column: CompareColumn) -> None:
        combo = column.combo
        combo.blockSignals(True)
        keep = combo.currentData()
        combo.clear()
        for spec, label in candidate_specs(self.added_paths):
            combo.addItem(label, spec)
        combo.insertSeparator(combo.count())
        combo.addItem(self.tr("Add file…"), ADD_FILE)
        combo.addItem(self.tr("Add MLX folder…"), ADD_FOLDER)
        if keep is not None and combo.findData(keep) >= 0:
            combo.setCurrentIndex(combo.findData(keep))
        combo.blockSignals(False)
        column.previous = combo.currentIndex()

    def _model_chosen(self, column: CompareColumn) -> None:
        data = column.combo.currentData()
        if data in (ADD_FILE, ADD_FOLDER):
            if data == ADD_FILE:
                path, _ = QFileDialog.getOpenFileName(self, self.tr("Add a GGUF model"),
                                                      places.downloads(), "GGUF (*.gguf)")
            else:
                path = QFileDialog.getExistingDirectory(self, self.tr("Add an MLX model folder"),
                                                        places.downloads())
            if not path:
                column.combo.setCurrentIndex(column.previous)
                return
            self.add_model(path, column)
            return
        column.previous = column.combo.currentIndex()
        column.result = None
        column.refresh_header()

    def add_model(self, path: str, column: CompareColumn | None = None) -> None:
        """Offer ``path`` in every chooser, and put it in ``column`` if one is given."""
        if path not in self.added_paths:
            self.added_paths.append(path)
            self.added.emit(path)
        for c in self.columns:
            self._fill_combo(c)
        if column is not None:
            column.combo.setCurrentIndex(column.combo.findData(path))
            column.previous = column.combo.currentIndex()
            column.result = None
            column.refresh_header()

    def set_models(self, specs: list[str]) -> None:
        """Choose 2 to 4 models by spec (tests and scripts); unknown paths are added."""
        self.count.setValue(len(specs))
        for column, full in zip(self.columns, specs, strict=False):
            spec, kv = split_kv(full)
            column.kv.setCurrentIndex(max(0, column.kv.findData(f"@kv{kv}" if kv else "")))
            if column.combo.findData(spec) < 0:
                self.add_model(spec)
            column.combo.setCurrentIndex(column.combo.findData(spec))
            column.previous = column.combo.currentIndex()
            column.result = None
            column.refresh_header()

    def _fill_reference_choice(self) -> None:
        """"Highest precision", or one of the shown columns by number."""
        keep = self.reference_choice.currentData()
        self.reference_choice.clear()
        self.reference_choice.addItem(self.tr("Reference: highest precision"), None)
        for n in range(self.count.value()):
            self.reference_choice.addItem(self.tr("Reference: [{n}]").format(n=n + 1), n)
        found = self.reference_choice.findData(keep) if keep is not None else 0
        self.reference_choice.setCurrentIndex(max(found, 0))

    def active(self) -> list[CompareColumn]:
        return self.columns[: self.count.value()]

    def _show_columns(self) -> None:
        for c in self.columns:
            c.setVisible(c.number < self.count.value())

    def _markdown_toggled(self, on: bool) -> None:
        for c in self.columns:
            c.markdown = on
            if c.text:
                c.show_reply()

    def _text_chosen(self, index: int) -> None:
        kind, _value = self.text_source.itemData(index)
        if kind in ("file", "categories_file"):
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("A text to measure"), places.documents(),
                self.tr("Text or a chat as JSON (*.txt *.md *.json);;All files (*)"))
            if not path:
                self.text_source.setCurrentIndex(self._text_index)
                return
            self.text_source.setItemText(index, text_label(kind, path))
            self.text_source.setItemData(index, (kind, path))
        self._text_index = index

    # --- runs ---------------------------------------------------------------------------
    def _set_busy(self, busy: str) -> None:
        self.busy = busy
        idle = not busy
        for w in (self.compare_button, self.measure_button, self.quantize_button, self.count,
                  self.reference_choice, self.export_button, *(c.combo for c in self.columns)):
            w.setEnabled(idle)
        self.stop_button.setEnabled(busy in ("compare", "measure"))

    def compare(self) -> None:
        prompt = self.prompt.toPlainText().strip()
        if not prompt:
            self._say(self.tr("Type a prompt first."), error=True)
            return
        self._start(prompt, None)

    def measure(self) -> None:
        kind, value = self.text_source.currentData()
        if kind == "text":
            value = self.prompt.toPlainText()
        if kind in ("file", "categories_file") and not value:
            self._text_chosen(self.text_source.currentIndex())
            kind, value = self.text_source.currentData()
            if not value:
                return
        self._start(None, (kind, value))

    def _start(self, prompt: str | None, quality: tuple[str, str] | None) -> None:
        if self.busy:
            return
        specs = [c.spec() for c in self.active()]
        settings = CompareSettings(
            prompt=prompt, system_prompt=self.system.text().strip() or None,
            max_tokens=self.max_tokens.value(), temperature=self.temperature.value(),
            seed=self.seed.value(), quality_max_tokens=self.quality_tokens.value(),
            reference=self.reference_choice.currentData(), flips=self.flips.isChecked(),
            speed=True, min_tps=self.min_speed.value(),
            # at least compare's own, so a small chat context still fits a reply and a window
            ctx=max(self.context_length, DEFAULT_CTX) if self.context_length else None,
        )
        for c in self.active():
            c.start(clear_reply=prompt is not None)
        self._room_for_results(prompt is None and not any(c.text for c in self.active()))
        if prompt is not None:
            self._prompted = settings
        self.request = CompareRequest(specs, settings, quality)
        self.request_settings = settings
        self._set_busy("measure" if quality else "compare")
        self._say(self.tr("Measuring…") if quality else self.tr("Comparing…"))
        self._run_requested.emit(self.request)

    def _room_for_results(self, on: bool) -> None:
        """A measure without replies gives the empty reply panes' room to its results (the
        columns keep their headers: model, figures, state); a comparison takes it back."""
        for c in self.columns:
            c.browser.setVisible(not on)
        self.body.setSizes([1, 10_000] if on else list(BODY_SIZES))

    def stop(self) -> None:
        """Straight from the GUI thread: the engine checks the Event between tokens."""
        if self.request is not None:
            self.request.cancel.set()
            self._say(self.tr("Stopping…"))

    def _planned(self, reference: int, message: str) -> None:
        self.reference, self.plan = reference, message
        for c in self.active():
            c.reference = c.number == reference
            c.refresh_header()
        self._say(message)

    def _measuring(self, column: int, done: int, total: int) -> None:
        """How far Measure has got, over every model of the run, and about how long is left
        (from the pace since it was first heard from: progress is in tokens read, so every
        kind of text counts by its length, and a resumed measure starts part-way)."""
        now = time.monotonic()
        models = max(len(self.active()), 1)
        if self._measure is None or self._measure[0] is not self.request:
            self._measure = (self.request, now, -1.0, set())
        request, first_at, first, finished = self._measure
        if done == total:
            finished.add(column)
        fraction = (len(finished - {column}) * total + done) / (models * total)
        if first < 0:
            self._measure = (request, now, fraction, finished)
            first = fraction
        pace = (now - first_at) / (fraction - first) if fraction > first else 0.0
        result = self.columns[column].result
        name = result.name if result is not None else ""
        figures = {"column": column + 1, "name": name, "done": done, "total": total,
                   "percent": f"{fraction:.0%}"}
        if pace and fraction < 1:
            self._say(self.tr("Measuring [{column}] {name}: {done} of {total} tokens ({percent} "
                              "of the run) · about {time} left").format(
                time=_duration(pace * (1 - fraction)), **figures))
        else:
            self._say(self.tr("Measuring [{column}] {name}: {done} of {total} tokens ({percent} "
                              "of the run)").format(**figures))

    def _state(self, column: int, kind: str, result: ModelResult) -> None:
        self.columns[column].update_result(kind, result)

    def _text(self, column: int, piece: str) -> None:
        self.columns[column].append(piece)

    def _column_failed(self, column: int, message: str) -> None:
        self.columns[column].fail(message)
        self.columns[column].browser.show()  # the sentence is there

    def _finished(self, outcome: CompareOutcome) -> None:
        self.request = None
        self.outcome = outcome
        report = outcome.report
        for c in self.active():
            new = report.results[c.number]
            c.result = merge(c.result, new)
            if new.error and c.state != State.FAILED:
                c.fail(new.error)
            c.end(outcome.stopped)
            if c.text and not c.reference:
                c.show_reply()
        if outcome.measured:  # for the exports: in English, like the rest of the report
            self._measured_on = text_label(*self.text_source.currentData(), translated=False)
        settings = self._prompted or (self.request_settings or None)
        self.report = CompareReport([c.result for c in self.active() if c.result is not None],
                                    report.reference, report.plan, settings=settings,
                                    text_name=self._measured_on,
                                    categories=report.categories or self._categories,
                                    notes=report.notes)
        if outcome.measured:
            self._categories = report.categories
        self._fill_table()
        self._fill_categories()
        self._show_summary()
        self._draw_chart()
        self._set_busy("")
        sentences = [self.tr("Stopped.")] if outcome.stopped else []
        if outcome.measured:
            sentences.append(self.tr("Quality on {text} against [{n}].").format(
                text=self.text_source.currentText(), n=report.reference + 1))
        if any(r.reference_reused for r in report.results):
            sentences.append(
                self.tr("The reference's stored scores on these texts were reused.")
                if len(report.categories or ()) > 1
                else self.tr("The reference's stored scores on this text were reused."))
        sentences.append(report.plan)
        warnings = " ".join(r.warning for r in report.results if r.warning)
        if warnings:
            sentences.append(warnings)
        sentences += report.notes
        if outcome.not_saved:  # the figures above stand; the next measure scores it again
            sentences.append(outcome.not_saved)
        self._say(" ".join(sentences), error=bool(warnings or outcome.not_saved))

    def _failed(self, message: str) -> None:
        self.request = None
        for c in self.active():
            if c.state in (State.LOADING, State.GENERATING, State.LOADED, State.ANSWERING):
                c.fail(message)
            else:
                c.end(stopped=False)
        self._set_busy("")
        self._say(message, error=True)

    # --- table, chart, export -------------------------------------------------------------
    def _fill_table(self) -> None:
        report = self.report
        assert report is not None
        self.table.setRowCount(len(report.results))
        for row, r in enumerate(report.results):
            q = r.quality
            answered = r.generation_tokens > 0 and not r.error
            name = f"[{r.index + 1}] {self.columns[r.index].title()}"
            if r.index == report.reference:
                name = self.tr("{name} (reference)").format(name=name)
            values = [
                name, "" if r.error else f"{r.bits_per_weight:.2f}", mb(r.size_bytes),
                "" if q is None else f"{q.ppl:.3f}",
                "" if q is None or q.kl is None else f"{q.kl:.5f}",
                "" if q is None or q.top1 is None else f"{q.top1:.1%}",
                f"{r.generation_tps:.1f}" if answered else (
                    f"{r.speed.decode_tps:.1f}" if r.speed is not None and not r.error else ""),
                self.tr("{seconds} s").format(seconds=f"{r.ttft_s:.2f}") if answered else "",
                self.tr("{n} GB").format(n=f"{r.peak_memory_gb:.3f}") if r.peak_memory_gb
                else "",
                "" if r.flips is None else self.tr("{flips} of {asked}").format(
                    flips=r.flips, asked=len(r.answers)),
            ]
            if r.error:
                values[3] = self.tr("failed: {error}").format(error=r.error)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)

    def _fill_categories(self) -> None:
        """Mean KL of each model on each kind of text (rows: models; the last column: all of
        them), llama.cpp's tails and top-1 in each cell's tooltip."""
        report = self.report
        assert report is not None
        t = self.by_category
        keys = [k for k, _ in report.categories]
        t.setColumnCount(len(keys) + 2)
        t.setHorizontalHeaderLabels([self.tr("Model"), *(self._category_label(k, label)
                                                         for k, label in report.categories),
                                     self.tr("All")])
        rows = [r for r in report.results
                if r.index != report.reference and r.quality is not None and not r.error]
        t.setRowCount(len(rows))
        for row, r in enumerate(rows):
            t.setItem(row, 0, QTableWidgetItem(f"[{r.index + 1}] {self.columns[r.index].title()}"))
            for col, q in enumerate([*(r.categories.get(k) for k in keys), r.quality], 1):
                item = QTableWidgetItem("" if q is None or q.kl is None else f"{q.kl:.4f}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if q is not None and q.stats is not None:
                    item.setToolTip(self.tr(
                        "mean KL {kl} · p99 {p99} · p99.9 {p999} · same top-1 {top1} · over "
                        "{tokens} tokens").format(
                        kl=f"{q.stats.kld.value:.4f}", p99=f"{q.stats.kld_p99:.4f}",
                        p999=f"{q.stats.kld_p999:.4f}", top1=f"{q.stats.same_top1.value:.1%}",
                        tokens=q.tokens))
                t.setItem(row, col, item)

    def _category_label(self, key: str, label: str) -> str:
        """A kind of text as the window names it (in the user's language where it is ours)."""
        if key in TEXT_NAMES:
            return QCoreApplication.translate("CompareWindow", TEXT_NAMES[key])
        return label

    def _show_summary(self) -> None:
        """The result in words first: each model against the reference, and which to run
        here (the lowest KL that fits this Mac's memory and is fast enough)."""
        report = self.report
        if report is None or not any(r.quality is not None for r in report.results):
            self.summary.hide()
            return
        from inference.eval.results import KL_EXPLAINED

        _, why = report.recommend(self.min_speed.value())
        lines = [*report.summary(), why] if why else report.summary()
        self.summary.setToolTip(KL_EXPLAINED)
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(bool(lines))

    def _draw_chart(self) -> None:
        self.chart.set_report(self.report)
        self._opened_token = None
        self.diverge.setHtml(divergence_html(self.report) if self.report else "")

    def _open_token(self, url: Any) -> None:
        """A worst-KL token clicked: the passage around it opens under it (again: closes)."""
        kind, _, rest = url.toString().partition(":")
        model, _, n = rest.partition(":")
        if kind != "token" or self.report is None or not (model.isdigit() and n.isdigit()):
            return
        key = (int(model), int(n))
        self._opened_token = None if self._opened_token == key else key
        bar = self.diverge.verticalScrollBar().value()
        self.diverge.setHtml(divergence_html(self.report, self._opened_token))
        self.diverge.verticalScrollBar().setValue(bar)

    def _save_path(self, title: str, pattern: str, suffix: str) -> Path | None:
        if self.report is None:
            self._say(self.tr("Run Compare or Measure first; there is nothing to export yet."),
                      error=True)
            return None
        path, _ = QFileDialog.getSaveFileName(self, title, places.documents(f"compare{suffix}"),
                                              pattern)
        return Path(path).with_suffix(suffix) if path else None

    def export_markdown(self) -> None:
        """The report (prompt, settings, table, replies) with the chart as a PNG beside it."""
        from app.gui.chart import save_chart
        from inference.errors import OrchardError

        path = self._save_path(self.tr("Export the report as Markdown"),
                               self.tr("Markdown (*.md)"), ".md")
        if path is None or self.report is None:
            return
        chart: str | None = path.with_suffix(".png").name
        try:
            save_chart(self.report, path.with_suffix(".png"))
        except (OrchardError, OSError) as exc:
            log.warning("the chart could not be saved beside the report: %s", exc)
            chart = None
        self._write(path, self.report.document(chart), self.tr("Saved the report to {path}."),
                    self.tr("The report could not be saved to {path} ({error})."))

    def export_html(self) -> None:
        """One self-contained page to share: the result in words, the chart, every table,
        the texts, this machine and the versions."""
        from app.gui.chart import html_report
        from inference.errors import OrchardError

        path = self._save_path(self.tr("Save the report as a web page"),
                               self.tr("Web page (*.html)"), ".html")
        if path is None or self.report is None:
            return
        try:
            page = html_report(self.report)
        except OrchardError as exc:
            self._say(str(exc), error=True)
            return
        self._write(path, page, self.tr("Saved the report to {path}."),
                    self.tr("The report could not be saved to {path} ({error})."))

    def export_json(self) -> None:
        import json

        path = self._save_path(self.tr("Save every number as JSON"), self.tr("JSON (*.json)"),
                               ".json")
        if path is not None and self.report is not None:
            data = self.report.as_dict()
            self._write(path, json.dumps(data, ensure_ascii=False, indent=1),
                        self.tr("Saved every number to {path}."),
                        self.tr("The numbers could not be saved to {path} ({error})."))

    def export_csv(self) -> None:
        path = self._save_path(self.tr("Export the table as CSV"), self.tr("CSV (*.csv)"), ".csv")
        if path is not None and self.report is not None:
            self._write(path, self.report.csv(), self.tr("Saved the table to {path}."),
                        self.tr("The table could not be saved to {path} ({error})."))

    def export_chart(self) -> None:
        from app.gui.chart import save_chart
        from inference.errors import OrchardError

        if self.report is None:
            self._say(self.tr("Run Compare or Measure first; there is nothing to export yet."),
                      error=True)
            return
        png, svg = self.tr("PNG image (*.png)"), self.tr("SVG drawing (*.svg)")
        chosen, kind = QFileDialog.getSaveFileName(
            self, self.tr("Save the chart"), places.documents("compare.png"), f"{png};;{svg}")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".svg" if kind == svg else ".png")
        try:
            save_chart(self.report, path)
        except OrchardError as exc:
            self._say(str(exc), error=True)
            return
        self._say(self.tr("Saved the chart to {path}.").format(path=path))

    def _write(self, path: Path, text: str, saved: str, failed: str) -> None:
        """Write ``text`` to ``path`` and say so: ``saved`` and ``failed`` are the sentences,
        with ``{path}`` (and ``{error}`` in ``failed``) to fill in."""
        try:  # whole or not at all: a full disk leaves no half-written file behind
            write_atomically(path, text, what=path.name)
        except OSError as exc:
            self._say(failed.format(path=path, error=exc.strerror or exc), error=True)
            return
        self._say(saved.format(path=path))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {'#b00020' if error else 'palette(window-text)'};")
        self.status.setText(text)
        if error:
            log.info("compare: %s", text)

    # --- quantize -------------------------------------------------------------------------
    def open_quantize(self) -> None:
        dialog = QuantizeDialog(candidate_specs(self.added_paths),
                                str(self.columns[0].combo.currentData()), self)
        dialog.accepted.connect(lambda: self.start_quantize(dialog.request()))
        dialog.open()
        self._dialog = dialog

    def start_quantize(self, request: QuantizeRequest) -> None:
        if self.busy:
            return
        self._set_busy("quantize")
        self._say(self.tr("Making a {bits}-bit variant in {folder}…").format(
            bits=request.bits, folder=request.out))
        self._quantize_requested.emit(request)

    def _quantized(self, result: Any) -> None:
        self._set_busy("")
        if self.count.value() < 4:
            self.count.setValue(self.count.value() + 1)
        self.add_model(str(result.folder), self.active()[-1])
        self._say(self.tr("Made {name}: {bits}-bit, group {group}, {bpw} bits per weight, "
                          "{size}, in {seconds} s. It is now column {column}.").format(
            name=result.folder.name, bits=result.bits, group=result.group_size,
            bpw=f"{result.bits_per_weight:.2f}", size=mb(result.size_bytes),
            seconds=f"{result.seconds:.1f}", column=self.count.value()))

    def _quantize_failed(self, message: str) -> None:
        self._set_busy("")
        self._say(message, error=True)

    # --- closing --------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop any run and let its engine job end (a quantization finishes)."""
        self.worker.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        self.stop()
        self.shutdown()
        super().closeEvent(event)


__all__ = ["CompareWindow"]
