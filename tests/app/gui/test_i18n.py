"""The window speaks the user's language: every visible string goes through Qt's translators,
and the shipped translations are complete and current."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.gui.i18n import LANGUAGES, choose, translations_dir

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
SHIPPED = [lang for lang in LANGUAGES if lang != "en"]
PSEUDO = re.compile(r"^⟦.*⟧$", re.S)


def _sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "app" / "gui").rglob("*.py"))


def _collect(ts: Path) -> None:
    subprocess.run([str(BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none",
                    *_sources(), "-ts", str(ts)], check=True, capture_output=True)


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    out = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def test_the_system_language_is_followed_unless_settings_name_one() -> None:
    assert choose("", ["ja-JP", "en-US"]) == "ja"
    assert choose("", ["zh-Hans-CN"]) == "zh_CN"
    assert choose("", ["zh-Hant-TW", "de-DE"]) == "de"  # Traditional is not shipped
    assert choose("", ["pt-BR"]) == "en"
    assert choose("fr", ["ja-JP"]) == "fr"
    assert choose("xx", ["es-MX"]) == "es"  # an unknown setting: the system's


@pytest.mark.parametrize("lang", SHIPPED)
def test_each_translation_is_complete_and_current(lang: str, tmp_path: Path) -> None:
    """Every string in the code is in the shipped file, translated; nothing is left over."""
    current = tmp_path / "current.ts"
    _collect(current)
    wanted = set(_messages(current))
    assert len(wanted) > 200  # the window's strings were found
    shipped = _messages(translations_dir() / f"orchard_{lang}.ts")
    assert wanted - set(shipped) == set(), "strings missing: run packaging/translations.sh"
    unfinished = [key for key, m in shipped.items() if key in wanted and (
        (t := m.find("translation")) is None or t.get("type") == "unfinished"
        or not ("".join(t.itertext()).strip()))]
    assert unfinished == []
    assert (translations_dir() / f"orchard_{lang}.qm").is_file()


#: what a translation must carry over from its source: {name} placeholders, %n, HTML tags
_KEPT = re.compile(r"\{\w*\}|%n|</?\w+[^>]*>")


@pytest.mark.parametrize("lang", SHIPPED)
def test_translations_keep_every_placeholder(lang: str) -> None:
    """A translation that drops {name} or %n would show a hole (or crash .format())."""
    wrong = []
    for (context, source), message in _messages(translations_dir() / f"orchard_{lang}.ts").items():
        t = message.find("translation")
        forms = [] if t is None else ([f.text or "" for f in t.iter("numerusform")]
                                      or [t.text or ""])
        want = sorted(_KEPT.findall(source))
        for text in forms:
            got = sorted(_KEPT.findall(text))
            # a plural form may leave %n out ("one file"); everything else must be there
            if [k for k in got if k != "%n"] != [k for k in want if k != "%n"]:
                wrong.append(f"{context}: {source!r} -> {text!r}")
    assert wrong == []


def test_the_japanese_translation_loads(qtbot: QtBot) -> None:  # (qtbot: a QApplication)
    t = QTranslator()
    assert t.load("orchard_ja", str(translations_dir()))
    QCoreApplication.installTranslator(t)
    try:
        shipped = _messages(translations_dir() / "orchard_ja.ts")
        (context, source), message = next(iter(shipped.items()))
        assert QCoreApplication.translate(context, source) == message.findtext("translation")
    finally:
        QCoreApplication.removeTranslator(t)


@pytest.fixture()
def pseudo(tmp_path: Path) -> Iterator[None]:
    """A translation that wraps every collected string in ⟦ ⟧: any visible text without
    them did not go through the translators."""
    ts = tmp_path / "pseudo.ts"
    _collect(ts)
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        t = message.find("translation")
        assert t is not None
        t.attrib.pop("type", None)
        forms = list(t.iter("numerusform"))
        for f in forms:
            f.text = f"⟦{source}⟧"
        if not forms:
            t.text = f"⟦{source}⟧"
    tree.write(ts, encoding="utf-8")
    qm = tmp_path / "pseudo.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
                   check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


#: Visible texts that are data, not the app's words: names, numbers, user content.
DATA = re.compile(r"^(|[\W\d_]+|starter|Fake model.*|SmolLM2.*|.*\.gguf|Orchard|⌘.*"
                  r"|Ctrl\+.*|F\d+)$", re.S)


def _untranslated(top: QWidget) -> list[str]:
    out = []
    for w in [top, *top.findChildren(QWidget)]:
        if not w.isVisibleTo(top) and w is not top:
            continue
        texts = []
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text().replace("&", ""))
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QMenu):
            texts += [a.text().replace("&", "") for a in w.actions() if not a.isSeparator()]
        texts.append(w.accessibleName())
        texts.append(w.toolTip())
        for text in texts:
            plain = re.sub(r"<[^>]+>", "", text).strip()
            if not DATA.match(plain) and not PSEUDO.match(plain) and "⟦" not in plain:
                out.append(f"{type(w).__name__}: {plain!r}")
    return out


def test_no_visible_string_in_the_window_bypasses_translation(
    pseudo: None, qtbot: QtBot
) -> None:
    from app.gui.settings import AppSettings
    from app.gui.window import MainWindow
    from inference.store import ConversationStore
    from tests.app.fake_engine import FakeModel, fake_worker

    worker = fake_worker(FakeModel())
    store = ConversationStore()
    w = MainWindow(store, worker, AppSettings())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.controller.model_info is not None)
    try:
        found = _untranslated(w)
        for menu in w.menuBar().findChildren(QMenu):
            found += _untranslated(menu)
        assert not found, "not translated:\n" + "\n".join(found)
    finally:
        w.controller.stop()
        worker.close()
        store.close()
        w.close()
