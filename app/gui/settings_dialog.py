"""Conversation settings, with the app defaults behind them.

System prompt, template (auto / a preset / custom Jinja, with a live preview of the exact
prompt and its token count), sampling, seed, max tokens and context length. Below them: the
loaded model's KV-cache precision and the disk space for saved KV caches, then, for the whole
app, the Local API switch and its port, and the window's language (applied at the next launch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.bridge import run_in_background
from app.gui.i18n import LANGUAGES
from app.gui.settings import ChatSettings
from inference.prompt.presets import get_preset, preset_names
from inference.settings_schema import SETTINGS
from inference.system import is_mac

# (settings) -> a job returning (prompt text, token count, template source) for the live
# preview; the job runs off the GUI thread.
PreviewFn = Callable[[ChatSettings], Callable[[], tuple[str, int, str]]]


def _widest(setting: str) -> int:
    """A whole-number setting's declared maximum, or the most a QSpinBox holds."""
    return int(min(SETTINGS[setting].hi, 2**31 - 1))


class _TopK(QSpinBox):
    """Top-k's two special values, each named in the box: -1 the model's own, 0 off."""

    def textFromValue(self, value: int) -> str:  # noqa: N802 - Qt's name
        return self.tr("off") if value == 0 else super().textFromValue(value)

    def valueFromText(self, text: str) -> int:  # noqa: N802 - Qt's name
        return 0 if text.strip() == self.tr("off") else super().valueFromText(text)


class SettingsDialog(QDialog):
    def __init__(
        self, settings: ChatSettings, preview: PreviewFn | None = None,
        parent: QWidget | None = None, api: tuple[bool, int] = (False, 8000),
        memory: tuple[int | None, float] = (None, 4.0), model: str = "",
        presets: dict[str, ChatSettings] | None = None, language: str = "",
        drafts: tuple[str | None, list[tuple[str, str]]] = (None, []),
        tools: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        # the named presets as the dialog leaves them (saved and deleted here at once)
        self.presets = dict(presets or {})
        self.setWindowTitle(self.tr("Conversation settings"))
        self.setAccessibleName(self.tr("Conversation settings"))
        self._preview_fn = preview
        self._preview_generation = 0
        self.system = QPlainTextEdit(settings.system_prompt, self)
        self.system.setAccessibleName(self.tr("System prompt"))
        self.system.setMaximumHeight(80)
        self.template = QComboBox(self)
        self.template.setAccessibleName(self.tr("Template"))
        self.template.addItem(self.tr("Auto (the model's own)"), "auto")
        for name in preset_names():
            self.template.addItem(get_preset(name).title, name)
        self.template.addItem(self.tr("Custom…"), "custom")
        self.template.setCurrentIndex(max(0, self.template.findData(settings.template)))
        self.custom = QPlainTextEdit(settings.custom_template, self)
        self.custom.setAccessibleName(self.tr("Custom template"))
        self.custom.setPlaceholderText(
            self.tr("Jinja, as in tokenizer_config.json's chat_template"))
        # Ranges, steps and starting values are the declared ones (inference.settings_schema);
        # one step below a range stands for "the model's own" (its generation_config.json,
        # else by its size). The labels are the declared ones too, written out for lupdate.
        own = self.tr("the model's own")
        self.temperature = self._double(settings.temperature, "temperature",
                                        self.tr("Temperature"), own)
        self.top_p = self._double(settings.top_p, "top_p", self.tr("Top p"), own)
        self.min_p = self._double(settings.min_p, "min_p", self.tr("Min p"), own)
        self.repeat = self._double(settings.repetition_penalty, "repetition_penalty",
                                   self.tr("Repeat penalty"), own)
        self.dry = self._double(settings.dry_multiplier, "dry_multiplier",
                                self.tr("DRY penalty (0: off)"), own)
        self.dry.setToolTip(self.tr(
            "Lowers the chance of a token that would continue a phrase already written, the "
            "longer the phrase the more: small models loop less."))
        self.loop_guard = QCheckBox(self.tr("End a reply that starts repeating itself"), self)
        self.loop_guard.setChecked(settings.loop_guard)
        # The special values say what they mean in the box itself (Qt shows the text at the
        # minimum): -1 is "the model's own" (0: off), -1 "random".
        self.top_k = self._int(-1 if settings.top_k is None else settings.top_k, -1,
                               _widest("top_k"), self.tr("Top k (0: off)"), own, _TopK(self))
        self.seed = self._int(-1 if settings.seed is None else settings.seed, -1,
                              _widest("seed"), self.tr("Seed (-1: random)"), self.tr("random"))
        self.max_tokens = self._int(settings.max_tokens, int(SETTINGS["max_tokens"].lo),
                                    _widest("max_tokens"), self.tr("Max tokens"))
        # 0 is the model's own; below the declared minimum is taken as it (values())
        self.context = self._int(settings.context_length or 0, 0, _widest("context_length"),
                                 self.tr("Context length (0: the model's)"), own)
        self.as_default = QCheckBox(self.tr("Use these settings for new chats"), self)
        self.api_enabled = QCheckBox(
            self.tr("Serve the loaded model to other apps on this Mac"), self)
        self.api_enabled.setAccessibleName(self.tr("Local API"))
        self.api_enabled.setChecked(api[0])
        self.api_port = self._int(api[1], 1024, 65535, self.tr("Local API port"))
        self.api_port.setGroupSeparatorShown(False)
        self.api_note = QLabel(self)
        self.api_note.setWordWrap(True)
        self.api_enabled.toggled.connect(self._api_changed)
        self.api_port.valueChanged.connect(self._api_changed)
        self._api_changed()
        self.kv_bits = QComboBox(self)
        self.kv_bits.setAccessibleName(self.tr("KV cache precision"))
        for text, bits in ((self.tr("16-bit (exact)"), None),
                           (self.tr("8-bit (about half the memory)"), 8),
                           (self.tr("4-bit (about a quarter; answers drift more)"), 4)):
            self.kv_bits.addItem(text, bits)
        self.kv_bits.setCurrentIndex(max(0, self.kv_bits.findData(memory[0])))
        self.kv_bits.setToolTip(
            self.tr("How the model holds the conversation in memory. Fewer bits fit a longer "
                    "context; Compare shows what they cost.") if is_mac() else
            self.tr("How the model holds the conversation in memory. Fewer bits fit a longer "
                    "context; Compare shows what they cost. Without a Mac's GPU, a quantized "
                    "cache also makes replies about 3 times slower."))
        self.saved_gb = QDoubleSpinBox(self)
        self.saved_gb.setRange(0, 1000)
        self.saved_gb.setDecimals(1)
        self.saved_gb.setSuffix(self.tr(" GB"))
        self.saved_gb.setSpecialValueText(self.tr("off"))
        self.saved_gb.setValue(memory[1])
        self.saved_gb.setAccessibleName(self.tr("Disk space for saved conversation memory"))
        self.saved_gb.setToolTip(self.tr(
            "Conversations reopen without reading them again: their KV caches are kept on "
            "disk, the least recently used removed first."))
        self._memory_model = model
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Prompt preview"))
        self.preview_label = QLabel(self)
        self.preview_label.setWordWrap(True)  # a broken template's reason is a sentence

        self.preset = QComboBox(self)
        self.preset.setAccessibleName(self.tr("Preset"))
        self.preset.setToolTip(self.tr("Fill in the settings of a preset you saved"))
        self.preset.activated.connect(self._preset_chosen)
        self.save_preset = QPushButton(self.tr("Save as Preset…"), self)
        self.save_preset.setToolTip(
            self.tr("Keep these settings under a name, to start chats with"))
        self.save_preset.clicked.connect(self._save_preset)
        self.delete_preset = QPushButton(self.tr("Delete Preset"), self)
        self.delete_preset.clicked.connect(self._delete_preset)
        self._fill_presets()
        preset_row = QHBoxLayout()
        preset_row.addWidget(self.preset, 1)
        preset_row.addWidget(self.save_preset)
        preset_row.addWidget(self.delete_preset)

        form = QFormLayout()
        form.addRow(self.tr("Preset"), preset_row)
        form.addRow(self.tr("System prompt"), self.system)
        form.addRow(self.tr("Template"), self.template)
        form.addRow(self.tr("Custom template"), self.custom)
        for label, widget in ((self.tr("Temperature"), self.temperature),
                              (self.tr("Top p"), self.top_p), (self.tr("Top k"), self.top_k),
                              (self.tr("Min p"), self.min_p),
                              (self.tr("Repeat penalty"), self.repeat),
                              (self.tr("DRY penalty"), self.dry), (self.tr("Seed"), self.seed),
                              (self.tr("Max tokens"), self.max_tokens),
                              (self.tr("Context length"), self.context)):
            form.addRow(label, widget)
        form.addRow("", self.loop_guard)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults, self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(lambda: self.set_values(ChatSettings()))
        memory_box = QGroupBox(self.tr("Conversation memory"), self)
        memory_form = QFormLayout(memory_box)
        memory_form.addRow(self.tr("KV cache (this model)"), self.kv_bits)
        if self._memory_model:
            self.kv_bits.setToolTip(self.tr("For {model}, which loads again with it. {more}")
                                    .format(model=self._memory_model,
                                            more=self.kv_bits.toolTip()))
        # speculative decoding: (the draft now, [(name, spec)] of the models that may be one)
        self.draft = QComboBox(self)
        self.draft.setAccessibleName(self.tr("Draft model"))
        self.draft.addItem(self.tr("None"), None)
        for label, spec in drafts[1]:
            self.draft.addItem(label, spec)
        if drafts[0] is not None and self.draft.findData(drafts[0]) < 0:
            self.draft.addItem(drafts[0], drafts[0])  # set before, not in the library now
        self.draft.setCurrentIndex(max(0, self.draft.findData(drafts[0])))
        self.draft.setToolTip(self.tr(
            "A smaller model of the same family proposes a few tokens at a time and this one "
            "checks them together: replies come faster, and a greedy reply is the same. The "
            "model loads again with it."))
        memory_form.addRow(self.tr("Draft model (this model)"), self.draft)
        memory_form.addRow(self.tr("Saved on disk, at most"), self.saved_gb)
        api_box = QGroupBox(self.tr("Local API (for the whole app)"), self)
        api_form = QFormLayout(api_box)
        api_form.addRow(self.api_enabled)
        api_form.addRow(self.tr("Port"), self.api_port)
        api_form.addRow(self.api_note)
        # the window's language, for the whole app: "" follows the system's
        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("The system's language"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)  # each language named in itself: not translated
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language_note = QLabel(
            self.tr("A new language applies the next time Orchard opens."), self)
        self.language_note.setWordWrap(True)
        window_box = QGroupBox(self.tr("Window"), self)
        window_form = QFormLayout(window_box)
        window_form.addRow(self.tr("Language"), self.language)
        window_form.addRow(self.language_note)
        if tools is not None:
            # Settings ▸ Tools: the MCP servers and how their calls are asked for, a dialog
            # of their own (the window's, also in Edit ▸ Tools…)
            self.tools_button = QPushButton(self.tr("Tools…"), self)
            self.tools_button.setAccessibleName(self.tr("Tools the model may use"))
            self.tools_button.clicked.connect(lambda: tools())
            window_form.addRow(self.tr("Tools (MCP)"), self.tools_button)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.as_default)
        left.addWidget(memory_box)
        left.addWidget(api_box)
        left.addWidget(window_box)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("What the model is sent:"), self))
        right.addWidget(self.preview, 1)
        right.addWidget(self.preview_label)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(columns)
        outer.addWidget(buttons)
        self.resize(900, 520)

        self._timer = QTimer(self)  # debounce typing in the template editor
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_preview)
        for signal in (self.system.textChanged, self.custom.textChanged,
                       self.template.currentIndexChanged):
            signal.connect(self._timer.start)
        self.template.currentIndexChanged.connect(self._template_changed)
        self._template_changed()
        self.update_preview()

    def _double(self, value: float | None, setting: str, name: str,
                special: str | None = None) -> QDoubleSpinBox:
        """A number box for the declared ``setting``: its range (from its special value, such
        as temperature's 0, when that lies below) and step; with ``special``, one step below
        the range stands for None (shown as that text)."""
        declared = SETTINGS[setting]
        lo = min(declared.lo, declared.special[0]) if declared.special else declared.lo
        step = declared.step
        box = QDoubleSpinBox(self)
        box.setRange(lo - step if special else lo, declared.hi)
        box.setSingleStep(step)
        box.setDecimals(2)
        if special:
            box.setSpecialValueText(special)
        box.setValue(box.minimum() if value is None else value)
        box.setAccessibleName(name)
        return box

    @staticmethod
    def _or_none(box: QDoubleSpinBox) -> float | None:
        return None if box.specialValueText() and box.value() <= box.minimum() else box.value()

    def _int(self, value: int, lo: int, hi: int, name: str,
             special: str | None = None, box: QSpinBox | None = None) -> QSpinBox:
        box = box or QSpinBox(self)
        box.setRange(lo, hi)
        if special:
            box.setSpecialValueText(special)
        box.setValue(value)
        box.setAccessibleName(name)
        return box

    # --- presets -------------------------------------------------------------------------
    def _fill_presets(self, current: str = "") -> None:
        self.preset.clear()
        self.preset.addItem(self.tr("Choose a preset…") if self.presets
                            else self.tr("No presets saved yet"), "")
        for name in sorted(self.presets, key=str.casefold):
            self.preset.addItem(name, name)
        self.preset.setEnabled(bool(self.presets))
        self.preset.setCurrentIndex(max(0, self.preset.findData(current)))
        self.delete_preset.setEnabled(bool(current))

    def _preset_chosen(self) -> None:
        name = self.preset.currentData()
        if name in self.presets:
            self.set_values(self.presets[name])
        self.delete_preset.setEnabled(bool(name))

    # asks for a preset's name (tests answer for the user): the name, or None if cancelled
    @staticmethod
    def ask_name(parent: QWidget, suggested: str) -> str | None:
        name, ok = QInputDialog.getText(
            parent, QCoreApplication.translate("SettingsDialog", "Save as Preset"),
            QCoreApplication.translate("SettingsDialog", "Name of the preset:"), text=suggested)
        return name if ok else None

    def _save_preset(self) -> None:
        name = self.ask_name(self, self.preset.currentData() or "")
        if name is None or not name.strip():
            return
        name = " ".join(name.split())[:60]  # one line, as the menu shows it
        self.presets[name] = self.values()  # the same name again: updated
        self._fill_presets(name)

    def _delete_preset(self) -> None:
        name = self.preset.currentData()
        if name in self.presets:
            del self.presets[name]
            self._fill_presets()

    def _template_changed(self) -> None:
        self.custom.setEnabled(self.template.currentData() == "custom")

    def _api_changed(self) -> None:
        self.api_port.setEnabled(self.api_enabled.isChecked())
        url = f"http://127.0.0.1:{self.api_port.value()}/v1"
        self.api_note.setText(
            self.tr("OpenAI-compatible, at {url}. Only programs on this Mac can reach it; they "
                    "share the model with this window and wait their turn.").format(url=url)
            if self.api_enabled.isChecked()
            else self.tr("Off: nothing listens for connections."))

    def memory_values(self) -> tuple[int | None, float]:
        """(KV-cache bits for the loaded model, None for 16; gigabytes of saved caches)."""
        return self.kv_bits.currentData(), round(self.saved_gb.value(), 1)

    def draft_value(self) -> str | None:
        """The draft model chosen for the loaded model (its spec), or None."""
        value = self.draft.currentData()
        return str(value) if value else None

    def api_values(self) -> tuple[bool, int]:
        return self.api_enabled.isChecked(), self.api_port.value()

    def language_value(self) -> str:
        """The language chosen: a locale name of LANGUAGES, or "" for the system's."""
        return str(self.language.currentData() or "")

    def values(self) -> ChatSettings:
        return ChatSettings(
            system_prompt=self.system.toPlainText(),
            template=str(self.template.currentData()),
            custom_template=self.custom.toPlainText(),
            temperature=self._or_none(self.temperature),
            top_p=self._or_none(self.top_p),
            top_k=None if self.top_k.value() < 0 else self.top_k.value(),
            min_p=self._or_none(self.min_p),
            repetition_penalty=self._or_none(self.repeat),
            dry_multiplier=self._or_none(self.dry),
            loop_guard=self.loop_guard.isChecked(),
            seed=None if self.seed.value() < 0 else self.seed.value(),
            max_tokens=self.max_tokens.value(),
            context_length=max(self.context.value(), int(SETTINGS["context_length"].lo))
            if self.context.value() else None,
        )

    def set_values(self, s: ChatSettings) -> None:
        self.system.setPlainText(s.system_prompt)
        self.template.setCurrentIndex(max(0, self.template.findData(s.template)))
        self.custom.setPlainText(s.custom_template)
        self.temperature.setValue(self.temperature.minimum() if s.temperature is None
                                  else s.temperature)
        self.top_p.setValue(self.top_p.minimum() if s.top_p is None else s.top_p)
        self.top_k.setValue(-1 if s.top_k is None else s.top_k)
        for box, value in ((self.min_p, s.min_p), (self.repeat, s.repetition_penalty),
                           (self.dry, s.dry_multiplier)):
            box.setValue(box.minimum() if value is None else value)
        self.loop_guard.setChecked(s.loop_guard)
        self.seed.setValue(-1 if s.seed is None else s.seed)
        self.max_tokens.setValue(s.max_tokens)
        self.context.setValue(s.context_length or 0)

    def update_preview(self) -> None:
        """Render the prompt off the GUI thread: a template is untrusted code, and even
        within its render budget (inference.prompt.templates) it may take seconds."""
        if self._preview_fn is None:
            self.preview.setPlainText(self.tr("(load a model to see the prompt)"))
            return
        self._preview_generation += 1
        generation = self._preview_generation
        values = replace(self.values())
        try:
            job = self._preview_fn(values)
        except Exception as exc:  # noqa: BLE001 - e.g. no model: shown, not raised
            self._show_preview_error(generation, str(exc))
            return
        self.preview_label.setText(self.tr("Rendering…"))
        run_in_background(self, _with_custom_problem(job, values),
                          lambda result: self._show_preview(generation, *result),
                          lambda message: self._show_preview_error(generation, message))

    def _show_preview(self, generation: int, result: tuple[str, int, str],
                      problem: str | None = None) -> None:
        if generation != self._preview_generation:  # an older edit finishing late
            return
        text, count, source = result
        self.preview.setPlainText(text)
        if problem is not None:  # the custom template failed: say so, and what stands in
            self.preview_label.setText(self.tr(
                "{problem} This is the prompt with the {source} template instead.").format(
                    problem=problem, source=source))
            self.preview_label.setStyleSheet("color: #b00020;")
            return
        self.preview_label.setStyleSheet("")
        self.preview_label.setText(
            self.tr("%n tokens · template: {source}", "", count).format(source=source))

    def _show_preview_error(self, generation: int, message: str) -> None:
        if generation != self._preview_generation:
            return
        self.preview.setPlainText(message)  # a bad custom template is shown, not raised
        self.preview_label.setStyleSheet("")
        self.preview_label.setText(self.tr("This template does not work."))


def _with_custom_problem(
    job: Callable[[], tuple[str, int, str]], values: ChatSettings,
) -> Callable[[], tuple[tuple[str, int, str], str | None]]:
    """The preview job, plus why a custom template was not used: the session falls back to
    the model's own template or a preset rather than fail a chat, and the preview must not
    pass that prompt off as the custom template's. Runs off the GUI thread with the job."""
    requested = values.requested_template() if values.template == "custom" else None
    custom = requested if not isinstance(requested, str) else None  # "custom": a ChatTemplate

    def run() -> tuple[tuple[str, int, str], str | None]:
        result = job()
        if custom is None or result[2] == custom.source:
            return result, None
        from inference.prompt.presets import check_template
        from inference.prompt.templates import TemplateRenderError

        try:
            check_template(custom)
        except TemplateRenderError as exc:
            return result, str(exc)
        # it renders the probe, but not this conversation
        return result, QCoreApplication.translate(
            "SettingsDialog", "The custom template does not work with this conversation.")

    return run
