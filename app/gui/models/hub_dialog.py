"""Find and download models from the Hugging Face Hub: search, the quantization ladder of a
repository with a fit verdict for this Mac, and the downloads with progress, pause, resume
and cancel.

Searching and listing are short Hub calls run off the GUI thread (``run_in_background``);
downloads belong to the window's :class:`DownloadManager`, so they go on when this dialog is
closed.
Ticking 2 to 4 rungs of a GGUF repository (or of its MLX versions, below) and pressing
Compare downloads the missing ones and then opens Compare on them
(:mod:`app.gui.models.ladder_compare`).

A GGUF repository's ladder goes on with the MLX repositories quantized from the same base
model (the Hub's ``base_model:quantized:`` tag), one row each, found by a second background
call once the GGUF rows are shown: the GGUF and MLX quants of one model side by side, each
downloadable from here, and ticked for Compare beside the GGUF rungs (an MLX repository is
downloaded whole).

A vision model has a "vision" tag after its name: in the results when the Hub says so
(``pipeline_tag`` or tags), else once its files are listed and an MLX repo's config.json says
so. A GGUF repository with an mmproj file (llama.cpp's image encoder) says in one sentence,
above its files, that Orchard runs it for text only.

Signals:
    use_model(str): load this library entry (its id).
    compare_models(list): compare these models (library ids), highest precision first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.bridge import run_in_background
from app.gui.confirm import ask
from app.gui.models.badges import BadgeDelegate, badges, set_badges, vision_badge, vision_note
from app.gui.models.download_manager import DownloadManager, key_of
from app.gui.models.downloads_table import DownloadsTable
from app.gui.models.ladder_compare import (
    MAX_RUNGS,
    MIN_RUNGS,
    LadderCompare,
    installed_specs,
    summary,
)
from app.gui.models.verdicts import colour_verdict, verdict_text
from inference.model.memory import format_bytes

# The texts of these tables are translated where shown (context "HubDialog").
FORMATS = [(QT_TRANSLATE_NOOP("HubDialog", "GGUF and MLX"), None), ("GGUF", "gguf"),
           ("MLX", "mlx")]
SORTS = [(QT_TRANSLATE_NOOP("HubDialog", "Most downloaded"), "downloads"),
         (QT_TRANSLATE_NOOP("HubDialog", "Most liked"), "likes"),
         (QT_TRANSLATE_NOOP("HubDialog", "Recently updated"), "updated")]
RESULT_COLUMNS = [QT_TRANSLATE_NOOP("HubDialog", "Repository"),
                  QT_TRANSLATE_NOOP("HubDialog", "Format"),
                  QT_TRANSLATE_NOOP("HubDialog", "Downloads"),
                  QT_TRANSLATE_NOOP("HubDialog", "Likes"),
                  QT_TRANSLATE_NOOP("HubDialog", "Updated")]
LADDER_COLUMNS = [QT_TRANSLATE_NOOP("HubDialog", "Quantization"),
                  QT_TRANSLATE_NOOP("HubDialog", "Files"),
                  QT_TRANSLATE_NOOP("HubDialog", "Size"),
                  QT_TRANSLATE_NOOP("HubDialog", "Bits/weight"),
                  QT_TRANSLATE_NOOP("HubDialog", "Memory"),
                  QT_TRANSLATE_NOOP("HubDialog", "Verdict")]


def _translated(text: object) -> str:
    """``text``, a source text marked in the tables above, as shown."""
    return QCoreApplication.translate("HubDialog", str(text))


def _table(parent: QWidget, columns: list[object], name: str, stretch: int = 0
           ) -> QTableWidget:
    """A table with ``columns`` (source texts, translated here) and accessible ``name``
    (already translated)."""
    t = QTableWidget(0, len(columns), parent)
    t.setHorizontalHeaderLabels([_translated(c) for c in columns])
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    header = t.horizontalHeader()
    for c in range(len(columns)):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    t.setWordWrap(False)
    t.setAccessibleName(name)
    return t


def _fill_row(table: QTableWidget, r: int, values: list[str]) -> list[QTableWidgetItem]:
    """Row ``r`` of ``table`` set to ``values``; returns its items (to style them further)."""
    items = [QTableWidgetItem(value) for value in values]
    for c, item in enumerate(items):
        table.setItem(r, c, item)
    return items


def suggested(options: list[Any]) -> int:
    """The rung to preselect: the largest that fits, else the largest that is tight, else
    the smallest (the options are sorted by size)."""
    for wanted in ("fits", "tight"):
        rows = [r for r, o in enumerate(options) if o.verdict == wanted]
        if rows:
            return rows[-1]
    return 0


class HubDialog(QDialog):
    use_model = Signal(str)
    compare_models = Signal(list)

    def __init__(self, manager: DownloadManager, ctx: int, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        from inference.paths import models_dir

        self.setWindowTitle(self.tr("Download models"))
        self.setAccessibleName(self.tr("Download models"))
        self.resize(980, 640)
        self.manager = manager
        self.results: list[Any] = []
        self.ladder: Any = None
        self._installed: dict[frozenset[str], str] = {}
        #: the MLX repos of the open GGUF ladder's base model, each a one-rung ladder
        self.siblings: list[Any] = []
        #: every row of the ladder table: the repo it downloads from, and its rung
        self._rows: list[tuple[str, Any]] = []
        self._sibling_installed: dict[str, dict[frozenset[str], str]] = {}
        self._ladder_request = 0
        self.ladder_compare = LadderCompare(manager)

        self.query = QLineEdit(self)
        self.query.setPlaceholderText(
            self.tr("Search the Hugging Face Hub, e.g. SmolLM2 or Qwen2.5"))
        self.query.setAccessibleName(self.tr("Search the Hub"))
        self.format = QComboBox(self)
        self.format.setAccessibleName(self.tr("Format"))
        for text, value in FORMATS:
            self.format.addItem(_translated(text), value)
        self.sort = QComboBox(self)
        self.sort.setAccessibleName(self.tr("Sort by"))
        for text, value in SORTS:
            self.sort.addItem(_translated(text), value)
        self.search_button = QPushButton(self.tr("Search"), self)
        search_row = QHBoxLayout()
        search_row.addWidget(self.query, 1)
        search_row.addWidget(self.format)
        search_row.addWidget(self.sort)
        search_row.addWidget(self.search_button)

        self.result_table = _table(self, RESULT_COLUMNS, self.tr("Search results"))
        self.result_table.setItemDelegateForColumn(0, BadgeDelegate(self.result_table))
        self.repo_label = QLabel(self.tr("Choose a repository to see its files."), self)
        self.repo_label.setWordWrap(True)
        self.vision_note = QLabel(self)  # a GGUF vision model: text only here
        self.vision_note.setWordWrap(True)
        self.vision_note.setVisible(False)
        self.ctx = QSpinBox(self)
        self.ctx.setRange(256, 1_048_576)
        self.ctx.setSingleStep(1024)
        self.ctx.setValue(ctx)
        self.ctx.setSuffix(self.tr(" tokens"))
        self.ctx.setAccessibleName(self.tr("Context for the memory estimate"))
        self.ladder_table = _table(self, LADDER_COLUMNS, self.tr("Quantizations"), stretch=1)
        self.download_button = QPushButton(self.tr("Download"), self)
        self.download_button.setEnabled(False)
        ctx_row = QHBoxLayout()
        ctx_row.addWidget(QLabel(self.tr("Memory at a context of"), self))
        ctx_row.addWidget(self.ctx)
        ctx_row.addStretch(1)
        ctx_row.addWidget(self.download_button)
        self.compare_label = QLabel(self)
        self.compare_label.setWordWrap(True)
        self.compare_label.setAccessibleName(self.tr("Quantizations to compare"))
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.setToolTip(self.tr(
            "Download the ticked quantizations not here yet, then measure each against the "
            "highest precision ticked, one model in memory at a time"))
        self.compare_button.setEnabled(False)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare_label, 1)
        compare_row.addWidget(self.compare_button)
        ladder_box = QWidget(self)
        ladder_layout = QVBoxLayout(ladder_box)
        ladder_layout.setContentsMargins(0, 0, 0, 0)
        ladder_layout.addWidget(self.repo_label)
        ladder_layout.addWidget(self.vision_note)
        ladder_layout.addWidget(self.ladder_table, 1)
        ladder_layout.addLayout(ctx_row)
        ladder_layout.addLayout(compare_row)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.result_table)
        split.addWidget(ladder_box)
        split.setSizes([440, 540])

        manager.find_paused()
        self.download_table = DownloadsTable(manager, self)
        self.download_table.use_model.connect(self.use_model)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Hub status"))
        note = QLabel(self.tr(
            "Searching and downloading are the only times Orchard goes online. Models are "
            "saved in {folder}; downloads survive a closed app and resume.").format(
                folder=models_dir()), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")

        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.status)
        layout.addWidget(split, 3)
        layout.addWidget(QLabel(self.tr("Downloads"), self))
        layout.addWidget(self.download_table, 2)
        layout.addWidget(note)

        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.format.currentIndexChanged.connect(lambda _i: self.search())
        self.sort.currentIndexChanged.connect(lambda _i: self.search())
        self.result_table.currentCellChanged.connect(lambda r, *_: self.open_repo(r))
        self.ladder_table.currentCellChanged.connect(lambda *_: self._enable_download())
        self.ctx.editingFinished.connect(self._reload_ladder)
        self.download_button.clicked.connect(self.download_selected)
        self.ladder_table.doubleClicked.connect(lambda _i: self.download_selected())
        self.ladder_table.itemChanged.connect(lambda _item: self._ticks_changed())
        self.compare_button.clicked.connect(self.compare_ticked)
        self.ladder_compare.status.connect(self._compare_status)
        self.ladder_compare.ready.connect(self.compare_models)
        manager.completed.connect(self._downloaded)
        self._ticks_changed()  # no repository yet: nothing to compare

    # --- search ---------------------------------------------------------------------------
    def search(self) -> None:
        from inference.hub import client as hub

        query = self.query.text().strip()
        fmt, sort = self.format.currentData(), self.sort.currentData()
        self.status.setText(self.tr("Searching the Hub…"))
        self.search_button.setEnabled(False)
        self.result_table.setRowCount(0)  # old results must not pass for this search's
        run_in_background(self, lambda: hub.search(query, fmt=fmt, sort=sort, limit=50),
                          self._show_results, self._search_failed)

    def _search_failed(self, message: str) -> None:
        self.search_button.setEnabled(True)
        self.status.setText(message)

    def _show_results(self, results: list[Any]) -> None:
        self.search_button.setEnabled(True)
        self.results = results
        n = len(results)
        # (English has no translation file: its singular is a source text of its own)
        self.status.setText(
            self.tr("%n repository found.", "", n) if n == 1 else
            self.tr("%n repositories found.", "", n) if n else
            self.tr("Nothing found; try other words or another format."))
        self.result_table.setRowCount(0)
        for r, res in enumerate(results):
            self.result_table.insertRow(r)
            updated = datetime.fromisoformat(res.updated).date().isoformat() \
                if res.updated else ""
            fmt = " + ".join(f.upper() for f in res.formats) or "?"
            items = _fill_row(self.result_table, r, [
                self.tr("{repo}  (gated)").format(repo=res.repo) if res.gated else res.repo,
                fmt, f"{res.downloads:,}",
                f"{res.likes:,}", updated,
            ])
            items[0].setToolTip(res.repo)
            if res.vision:
                self._mark_vision(items[0], res.formats)

    def _mark_vision(self, item: QTableWidgetItem, formats: list[str]) -> None:
        """Tag a result a vision model; a GGUF-only one says it runs for text only here."""
        set_badges(item, [vision_badge()], self.tr(
            "A vision model; Orchard runs GGUF files for text only, so images need its MLX "
            "version.") if formats == ["gguf"] else vision_note())

    # --- a repository's ladder ------------------------------------------------------------
    def open_repo(self, row: int) -> None:
        if not 0 <= row < len(self.results):
            return
        self._load_ladder(self.results[row].repo)

    def _reload_ladder(self) -> None:
        if self.ladder is not None:
            self._load_ladder(self.ladder.repo)

    def _load_ladder(self, repo: str) -> None:
        from inference.hub import client as hub

        self._ladder_request += 1
        request, ctx = self._ladder_request, self.ctx.value()
        self.repo_label.setText(self.tr("Reading the files of {repo}…").format(repo=repo))
        self.vision_note.setVisible(False)
        self.download_button.setEnabled(False)
        run_in_background(self, lambda: (hub.quant_ladder(repo, ctx=ctx), installed_specs(repo)),
                          lambda result: self._show_ladder(request, *result),
                          lambda message: self._ladder_failed(request, message))

    def _ladder_failed(self, request: int, message: str) -> None:
        if request == self._ladder_request:  # not an answer for a repo left since
            self.repo_label.setText(message)
            self.ladder = None
            self.siblings, self._rows = [], []
            self.ladder_table.setRowCount(0)
            self._ticks_changed()

    def _show_ladder(self, request: int, ladder: Any,
                     installed: dict[frozenset[str], str]) -> None:
        if request != self._ladder_request:
            return
        self.ladder, self._installed = ladder, installed
        self.siblings, self._rows, self._sibling_installed = [], [], {}
        self._show_vision(ladder)
        self.ladder_table.blockSignals(True)  # no tick is changed by filling the table
        try:
            self._fill_ladder(ladder, installed)
        finally:
            self.ladder_table.blockSignals(False)
        self._ticks_changed()
        if ladder.format == "gguf":
            self._load_siblings(request, ladder.repo)

    # --- MLX versions of the same base model ---------------------------------------------
    def _load_siblings(self, request: int, repo: str) -> None:
        """Look for the MLX repos quantized from the GGUF repo's base model (a few Hub calls
        each, off the GUI thread); the GGUF rows are usable meanwhile. ``mlx_siblings``
        answers ``[]`` when the Hub fails: the GGUF ladder stands as it is."""
        from inference.hub import client as hub

        ctx = self.ctx.value()
        run_in_background(
            self, lambda: [(s, installed_specs(s.repo)) for s in hub.mlx_siblings(repo, ctx=ctx)],
            lambda found: self._show_siblings(request, found))

    def _show_siblings(self, request: int, found: list[tuple[Any, dict[frozenset[str], str]]]
                       ) -> None:
        if request != self._ladder_request or self.ladder is None or not found:
            return
        self.ladder_table.blockSignals(True)  # no tick is changed by adding the rows
        try:
            for sibling, installed in found:
                self.siblings.append(sibling)
                self._sibling_installed[sibling.repo] = installed
                for o in sibling.options:
                    r = self.ladder_table.rowCount()
                    self.ladder_table.insertRow(r)
                    items = self._fill_rung(r, o, sibling.repo, installed)
                    items[0].setText(self.tr("MLX {quant}").format(quant=o.quant))
                    items[1].setText(sibling.repo)
                    tip = self.tr("An MLX version of the same base model: {repo}").format(
                        repo=sibling.repo)
                    items[0].setFlags(items[0].flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    items[0].setCheckState(Qt.CheckState.Unchecked)
                    items[0].setToolTip(tip)
                    items[1].setToolTip(tip)
        finally:
            self.ladder_table.blockSignals(False)
        self._ticks_changed()  # rows to compare now, though the GGUF repo had one rung

    def _show_vision(self, ladder: Any) -> None:
        """What the listing told about images: an MLX config's vision tower tags the result
        (the Hub's metadata may not have said), and a GGUF repo's mmproj file is explained."""
        row = next((r for r, res in enumerate(self.results) if res.repo == ladder.repo), -1)
        item = self.result_table.item(row, 0) if row >= 0 else None
        if ladder.vision and item is not None and not badges(item):
            self._mark_vision(item, [ladder.format] if ladder.format else [])
        projector = ladder.format == "gguf" and bool(ladder.projectors)
        self.vision_note.setVisible(projector)
        if projector:
            self.vision_note.setText(self.tr(
                "Orchard runs this GGUF model for text only: its image encoder ({file}) cannot "
                "be loaded, so images need the model's MLX version.").format(
                    file=ladder.projectors[0]))

    def _fill_ladder(self, ladder: Any, installed: dict[frozenset[str], str]) -> None:
        self.ladder_table.setRowCount(0)
        if not ladder.options:
            self.repo_label.setText(self.tr(
                "{repo} has no GGUF files or MLX weights Orchard can run.").format(
                    repo=ladder.repo))
            return
        n = len(ladder.options)
        # (English has no translation file: its singular is a source text of its own)
        if ladder.format == "gguf":
            choices = (self.tr("{repo}: %n file choice.", "", n) if n == 1
                       else self.tr("{repo}: %n file choices.", "", n))
        else:
            choices = (self.tr("{repo}: %n model choice.", "", n) if n == 1
                       else self.tr("{repo}: %n model choices.", "", n))
        choices = choices.format(repo=ladder.repo)
        if ladder.gated:
            choices = self.tr("{choices} It is gated: the Hub asks you to accept its terms "
                              "first.").format(choices=choices)
        self.repo_label.setText(choices)
        for r, o in enumerate(ladder.options):
            self.ladder_table.insertRow(r)
            items = self._fill_rung(r, o, ladder.repo, installed)
            if ladder.format == "gguf":  # rungs of one model to compare (MLX: one per repo)
                items[0].setFlags(items[0].flags() | Qt.ItemFlag.ItemIsUserCheckable)
                items[0].setCheckState(Qt.CheckState.Unchecked)
                items[0].setToolTip(self.tr(
                    "Tick {least} to {most} quantizations to compare them").format(
                        least=MIN_RUNGS, most=MAX_RUNGS))
        self.ladder_table.selectRow(suggested(ladder.options))
        self._enable_download()

    def _fill_rung(self, r: int, o: Any, repo: str, installed: dict[frozenset[str], str]
                   ) -> list[QTableWidgetItem]:
        """Row ``r`` of the ladder table: rung ``o`` of ``repo``."""
        self._rows.append((repo, o))
        files = o.files[0] if len(o.files) == 1 else self.tr("%n files", "", len(o.files))
        bpw = f"{o.bits_per_weight:.2f}" if o.bits_per_weight else ""
        memory = (format_bytes(o.memory.total_bytes) if o.kv_known else
                  self.tr("{size} (est.)").format(size=format_bytes(o.memory.total_bytes)))
        verdict = self._verdict_cell(o, frozenset(o.files) in installed)
        items = _fill_row(self.ladder_table, r, [o.quant, files, format_bytes(o.size_bytes),
                                                 bpw, memory, verdict])
        colour_verdict(items[5], o.verdict)
        return items

    def _verdict_cell(self, o: Any, installed: bool) -> str:
        """A rung's verdict as shown, and whether it is in the library already."""
        verdict = verdict_text(o.verdict)
        return self.tr("{verdict} · installed").format(verdict=verdict) if installed else verdict

    # --- comparing ticked rungs -----------------------------------------------------------
    def ticked(self) -> list[tuple[str, Any]]:
        """The ticked rows: each its repo and rung (GGUF rungs, and MLX versions)."""
        if self.ladder is None:
            return []
        return [row for r, row in enumerate(self._rows)
                if (item := self.ladder_table.item(r, 0)) is not None
                and item.flags() & Qt.ItemFlag.ItemIsUserCheckable
                and item.checkState() == Qt.CheckState.Checked]

    def _installed_by_repo(self) -> dict[str, dict[frozenset[str], str]]:
        """What of each repo in the table is in the library already."""
        if self.ladder is None:
            return {}
        return {**self._sibling_installed, self.ladder.repo: self._installed}

    def set_ticked(self, quants: list[str]) -> None:
        """Tick exactly these rungs, named as their rows read (``Q8_0``, ``MLX 4-bit``):
        tests and scripts; the user clicks the boxes."""
        for r in range(self.ladder_table.rowCount()):
            item = self.ladder_table.item(r, 0)
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked if item.text() in quants
                                   else Qt.CheckState.Unchecked)

    def _ticks_changed(self) -> None:
        ticked = self.ticked()
        # rungs of one model to compare: a GGUF repo's, and its MLX versions'
        ladder = (self.ladder is not None and self.ladder.format == "gguf"
                  and len(self._rows) >= MIN_RUNGS)
        installed = self._installed_by_repo()
        self.compare_label.setVisible(ladder)
        self.compare_button.setVisible(ladder)
        self.compare_label.setText(summary(ticked, installed))
        self.compare_button.setEnabled(MIN_RUNGS <= len(ticked) <= MAX_RUNGS)
        missing = any(frozenset(o.files) not in installed.get(repo, {}) for repo, o in ticked)
        self.compare_button.setText(self.tr("Download and Compare") if missing
                                    else self.tr("Compare"))

    def compare_ticked(self) -> None:
        ticked = self.ticked()
        if self.ladder is None or not MIN_RUNGS <= len(ticked) <= MAX_RUNGS:
            return
        self.ladder_compare.start(ticked, self._installed_by_repo())

    def _downloaded(self, entry: Any) -> None:
        """A rung of the open ladder (or one of its MLX versions) arrived: mark its row
        installed (no new Hub call)."""
        if self.ladder is None:
            return
        if entry.repo == self.ladder.repo:
            self._installed[frozenset(entry.files)] = entry.id
        elif entry.repo in self._sibling_installed:
            self._sibling_installed[entry.repo][frozenset(entry.files)] = entry.id
        else:
            return
        for r, (repo, o) in enumerate(self._rows):
            item = self.ladder_table.item(r, 5)
            if repo == entry.repo and frozenset(o.files) == frozenset(entry.files) \
                    and item is not None:
                item.setText(self._verdict_cell(o, installed=True))
        self._ticks_changed()

    def _compare_status(self, message: str) -> None:
        if message:
            self.status.setText(message)

    def selected_option(self) -> Any:
        return self._selected()[1]

    def _selected(self) -> tuple[str, Any]:
        """The selected row's repo and rung (a GGUF rung, or an MLX version's)."""
        r = self.ladder_table.currentRow()
        if self.ladder is None or not 0 <= r < len(self._rows):
            return "", None
        return self._rows[r]

    def _enable_download(self) -> None:
        self.download_button.setEnabled(self.selected_option() is not None)

    def download_selected(self) -> None:
        repo, o = self._selected()
        if o is None:
            return
        if o.verdict == "will not fit" and not self._download_anyway(o):
            return
        file = o.files[0] if o.format == "gguf" else None
        self.manager.start(repo, file, f"{repo}:{o.quant}")

    def _download_anyway(self, o: Any) -> bool:
        """A quant that will not fit this Mac at the chosen context: say so before gigabytes
        are downloaded (it could still run at a smaller context)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Download Models"),
            self.tr("{model} needs about {size} at a context of {n} tokens, more than the "
                    "{budget} this Mac has for models. Download it anyway (a smaller context "
                    "may still fit)?").format(
                        model=o.name, size=format_bytes(o.memory.total_bytes),
                        n=f"{self.ctx.value():,}", budget=format_bytes(o.memory.budget_bytes)),
            QMessageBox.StandardButton.Cancel, self)
        anyway = box.addButton(self.tr("Download Anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return self.confirm(box) is anyway

    confirm = staticmethod(ask)  # tests answer for the user

    def button(self, key: str, text: str) -> QPushButton | None:
        return self.download_table.button(key, text)

    def key_for(self, repo: str, file: str | None) -> str:
        return key_of(repo, file)
