"""Settings' live prompt preview renders off the GUI thread (a template is untrusted code)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.settings import ChatSettings
from app.gui.settings_dialog import SettingsDialog


def test_the_preview_renders_off_the_gui_thread(qtbot: QtBot) -> None:
    threads: list[threading.Thread] = []
    release = threading.Event()

    def preview(settings: ChatSettings) -> Callable[[], tuple[str, int, str]]:
        def job() -> tuple[str, int, str]:
            threads.append(threading.current_thread())
            release.wait(5)  # a slow template: the dialog stays responsive meanwhile
            return "<|user|>hi", 3, "gguf"
        return job

    dialog = SettingsDialog(ChatSettings(), preview)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(threads))
    assert dialog.preview_label.text() == "Rendering…"
    release.set()
    qtbot.waitUntil(lambda: dialog.preview_label.text() == "3 tokens · template: gguf")
    assert dialog.preview.toPlainText() == "<|user|>hi"
    assert threads[0] is not threading.main_thread()


def test_a_template_that_fails_is_shown_not_raised(qtbot: QtBot) -> None:
    from inference.prompt.templates import ChatTemplate, render

    def preview(settings: ChatSettings) -> Callable[[], tuple[str, int, str]]:
        def job() -> tuple[str, int, str]:
            return render(ChatTemplate("custom", "{{ 'a' * 10**10 }}"), []), 0, "custom"
        return job

    dialog = SettingsDialog(ChatSettings(), preview)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview_label.text() == "This template does not work.")
    assert "was stopped" in dialog.preview.toPlainText()


def test_without_a_model_the_preview_says_so(qtbot: QtBot) -> None:
    from inference.errors import OrchardError

    def preview(settings: ChatSettings) -> Callable[[], tuple[str, int, str]]:
        raise OrchardError("Load a model to see the prompt it is sent.")

    dialog = SettingsDialog(ChatSettings(), preview)
    qtbot.addWidget(dialog)
    assert dialog.preview.toPlainText() == "Load a model to see the prompt it is sent."


def test_special_values_say_what_they_mean(qtbot: QtBot) -> None:
    dialog = SettingsDialog(ChatSettings(top_k=0, seed=None, context_length=None))
    qtbot.addWidget(dialog)
    assert dialog.top_k.text() == "off"
    assert dialog.seed.text() == "random"
    assert dialog.context.text() == "the model's own"
    dialog.top_k.setValue(40)
    assert dialog.top_k.text() == "40"
    dialog.top_k.setValue(-1)
    assert dialog.top_k.text() == "the model's own"
    assert dialog.values().top_k is None
    own = SettingsDialog(ChatSettings())
    qtbot.addWidget(own)
    for box in (own.top_k, own.min_p, own.repeat, own.dry):
        assert box.text() == "the model's own"
    assert own.loop_guard.isChecked()
    assert own.values() == ChatSettings()


def test_settings_saved_before_the_models_own_penalties_follow_the_model() -> None:
    """Old defaults (top-k 0, min-p 0.05, penalty 1.0) were only defaults: they become the
    model's own; a value the user set stays."""
    old = ChatSettings.from_dict({"top_k": 0, "min_p": 0.05, "repetition_penalty": 1.0})
    assert (old.top_k, old.min_p, old.repetition_penalty) == (None, None, None)
    mine = ChatSettings.from_dict({"top_k": 40, "min_p": 0.1, "repetition_penalty": 1.2})
    assert (mine.top_k, mine.min_p, mine.repetition_penalty) == (40, 0.1, 1.2)
    new = ChatSettings.from_dict({"top_k": 0, "repetition_penalty": 1.0, "loop_guard": True})
    assert (new.top_k, new.repetition_penalty) == (0, 1.0)  # chosen in this version: kept


def test_the_window_leaves_temperature_to_the_model_unless_the_user_sets_it() -> None:
    from inference.model.defaults import USUAL
    from inference.model.load import inspect_model
    from inference.model.sources import starter_model_path

    starter = inspect_model(starter_model_path())
    assert ChatSettings().sampling(starter).temperature == 0.2
    assert ChatSettings(temperature=0.9).sampling(starter).temperature == 0.9
    assert ChatSettings().sampling(None).temperature == USUAL[0]


def test_temperature_and_top_p_can_be_left_to_the_model(qtbot: QtBot) -> None:
    dialog = SettingsDialog(ChatSettings())
    qtbot.addWidget(dialog)
    assert dialog.temperature.text() == dialog.top_p.text() == "the model's own"
    assert dialog.values().temperature is None and dialog.values().top_p is None
    dialog.temperature.setValue(0.4)
    assert dialog.values().temperature == 0.4
    dialog.set_values(ChatSettings(temperature=None, top_p=0.8))
    assert dialog.values().temperature is None and dialog.values().top_p == 0.8


def test_conversation_memory_settings_show_and_return_the_choice(qtbot: QtBot) -> None:
    dialog = SettingsDialog(ChatSettings(), None, memory=(8, 2.5), model="starter")
    qtbot.addWidget(dialog)
    assert dialog.kv_bits.currentText().startswith("8-bit")
    assert dialog.memory_values() == (8, 2.5)
    dialog.kv_bits.setCurrentIndex(dialog.kv_bits.findData(None))
    dialog.saved_gb.setValue(0)
    assert dialog.memory_values() == (None, 0.0)
    assert dialog.saved_gb.text() == "off"


def test_app_settings_keep_kv_bits_per_model_and_the_saved_cache_cap() -> None:
    from app.gui.settings import AppSettings

    s = AppSettings()
    s.kv_bits["starter"] = 4
    s.saved_caches_gb = 1.5
    s.save()
    again = AppSettings.load()
    assert again.kv_bits_for("starter") == 4 and again.kv_bits_for("other.gguf") is None
    assert again.saved_caches_bytes() == 1_500_000_000


def test_a_custom_template_that_fails_says_so_and_what_stands_in(
    qtbot: QtBot, tiny_gguf: Callable[..., object]
) -> None:
    """The session falls back to the model's own template rather than fail a chat; the
    preview says the custom one failed and why, instead of showing the stand-in as if it
    were the custom template's prompt."""
    from inference.model.load import load_model
    from inference.session import ChatSession
    from inference.types import Message, SamplingSettings

    loaded = load_model(tiny_gguf("llama"))

    def preview(settings: ChatSettings) -> Callable[[], tuple[str, int, str]]:
        def job() -> tuple[str, int, str]:
            session = ChatSession(loaded, template=settings.requested_template())
            session.follow([Message("user", "(your next message)")])
            prompt = session.prompt_to_send(SamplingSettings())
            return prompt.text, len(prompt.ids), prompt.template_source
        return job

    broken = ChatSettings(template="custom", custom_template="{{ 1 / 0 }}")
    dialog = SettingsDialog(broken, preview)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "division by zero" in dialog.preview_label.text())
    label = dialog.preview_label.text()
    assert label.startswith("The custom chat template does not work")
    assert "instead" in label and "tokens" not in label
    assert "(your next message)" in dialog.preview.toPlainText()  # what would be sent
    # a custom template that works is shown as itself
    dialog.custom.setPlainText("{% for m in messages %}[{{ m.role }}] {{ m.content }}\n"
                               "{% endfor %}")
    dialog.update_preview()
    qtbot.waitUntil(lambda: dialog.preview_label.text().endswith("template: custom"))
    assert "[user] (your next message)" in dialog.preview.toPlainText()


def test_settings_save_as_a_named_preset_and_fill_in_from_one(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.gui.settings import AppSettings

    terse = ChatSettings(system_prompt="Answer in one sentence.", temperature=0.2)
    dialog = SettingsDialog(ChatSettings(), None, presets={"Terse": terse})
    qtbot.addWidget(dialog)
    assert [dialog.preset.itemText(i) for i in range(dialog.preset.count())] == [
        "Choose a preset…", "Terse"]
    dialog.preset.setCurrentIndex(1)
    dialog.preset.activated.emit(1)  # as a click on it does
    assert dialog.values() == terse
    # changed, and kept under a new name: the user names it
    dialog.system.setPlainText("Translate into French.")
    monkeypatch.setattr(SettingsDialog, "ask_name", staticmethod(lambda _p, _s: " French\n"))
    dialog.save_preset.click()
    assert set(dialog.presets) == {"Terse", "French"}
    assert dialog.presets["French"].system_prompt == "Translate into French."
    assert dialog.presets["French"].temperature == 0.2
    assert dialog.preset.currentText() == "French"
    dialog.delete_preset.click()
    assert set(dialog.presets) == {"Terse"}
    monkeypatch.setattr(SettingsDialog, "ask_name", staticmethod(lambda _p, _s: None))
    dialog.save_preset.click()  # cancelled: nothing added
    assert set(dialog.presets) == {"Terse"}
    # kept with the app's settings
    s = AppSettings(presets=dialog.presets)
    s.save()
    assert AppSettings.load().presets == {"Terse": terse}


def test_a_damaged_preset_is_left_out_not_fatal() -> None:
    import json

    from app.gui.settings import SETTINGS_FILE, AppSettings
    from inference.paths import config_dir

    path = config_dir() / SETTINGS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"presets": {"ok": {"system_prompt": "hi"}, "bad": 3}}))
    assert AppSettings.load().presets == {"ok": ChatSettings(system_prompt="hi")}


def test_the_language_choice_lists_the_system_then_each_language_in_itself(
    qtbot: QtBot,
) -> None:
    from app.gui.i18n import LANGUAGES

    dialog = SettingsDialog(ChatSettings(), None, language="ja")
    qtbot.addWidget(dialog)
    box = dialog.language
    assert box.accessibleName() == "Language"
    items = [(box.itemText(i), box.itemData(i)) for i in range(box.count())]
    assert items == [("The system's language", ""), ("English", "en"), ("日本語", "ja"),
                     ("简体中文", "zh_CN"), ("Deutsch", "de"), ("Français", "fr"),
                     ("Español", "es")]
    assert len(LANGUAGES) == 6
    assert box.currentText() == "日本語" and dialog.language_value() == "ja"
    assert "next time Orchard opens" in dialog.language_note.text()
    box.setCurrentIndex(box.findData("de"))
    assert dialog.language_value() == "de"
    box.setCurrentIndex(0)
    assert dialog.language_value() == ""
    default = SettingsDialog(ChatSettings())
    qtbot.addWidget(default)
    assert default.language_value() == "" and default.language.currentIndex() == 0
    unknown = SettingsDialog(ChatSettings(), None, language="xx")  # not shipped: the system's
    qtbot.addWidget(unknown)
    assert unknown.language_value() == ""


def test_the_dialog_s_ranges_and_defaults_are_the_declared_ones(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """inference.settings_schema is the one place: a bound or default changed there is the
    dialog's (and the API's and the CLI's: tests/app/server/test_settings_doors.py)."""
    from dataclasses import replace

    from inference.settings_schema import SETTINGS

    dialog = SettingsDialog(ChatSettings())
    qtbot.addWidget(dialog)
    for box, name in ((dialog.temperature, "temperature"), (dialog.top_p, "top_p"),
                      (dialog.min_p, "min_p"), (dialog.repeat, "repetition_penalty"),
                      (dialog.dry, "dry_multiplier")):
        assert box.maximum() == SETTINGS[name].hi, name
        assert box.accessibleName().startswith(SETTINGS[name].label), name
    assert dialog.top_k.maximum() == SETTINGS["top_k"].hi
    assert dialog.max_tokens.value() == SETTINGS["max_tokens"].default
    assert dialog.temperature.minimum() < 0 < dialog.temperature.maximum()  # 0 is greedy

    monkeypatch.setitem(SETTINGS, "temperature", replace(SETTINGS["temperature"], hi=1.5))
    monkeypatch.setitem(SETTINGS, "max_tokens", replace(SETTINGS["max_tokens"], default=77,
                                                        hi=5000))
    changed = SettingsDialog(ChatSettings())
    qtbot.addWidget(changed)
    assert changed.temperature.maximum() == 1.5
    assert changed.max_tokens.value() == 77 and changed.max_tokens.maximum() == 5000


def test_settings_open_the_tools_dialog_the_window_gives_them(qtbot: QtBot) -> None:
    opened: list[bool] = []
    dialog = SettingsDialog(ChatSettings(), None, tools=lambda: opened.append(True))
    qtbot.addWidget(dialog)
    assert dialog.tools_button.text() == "Tools…"
    qtbot.mouseClick(dialog.tools_button, Qt.MouseButton.LeftButton)
    assert opened == [True]
    plain = SettingsDialog(ChatSettings(), None)
    qtbot.addWidget(plain)
    assert not hasattr(plain, "tools_button")  # no window gave one
