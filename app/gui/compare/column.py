"""One column of the Compare window: a model chooser, a header with the model's figures and
its streamed reply.

The header shows size, bits per weight, load time, TTFT, prompt and generation tokens/s and
peak memory as they arrive, then perplexity, KL and top-1 agreement after Measure. A greedy
reply that leaves the reference column's is marked from the first character that differs.
The window (app/gui/compare/window.py) fills the chooser and feeds the column what the
worker reports; the column only draws, on the GUI thread.
"""

from __future__ import annotations

import html
from dataclasses import replace
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.gui.markdown_render import MarkdownRenderer
from inference.eval.compare import ModelResult

DIVERGE_BG = "#ffd9a0"
MARK = "\u2063"  # invisible separator: marks the divergence point through Markdown rendering

_BLANK = ModelResult(0, "")
SPEED = ("reply", "reply_ids", "finish_reason", "prompt_tokens", "generation_tokens", "ttft_s",
         "prompt_tps", "generation_tps", "peak_memory_gb", "diverges_at", "diverges_at_char",
         "divergence")
#: The column's states, shown in its header: ``CompareColumn.state`` keeps the English word
#: (the window compares it), translated only where it is shown.
STATES = (
    QT_TRANSLATE_NOOP("CompareColumn", "waiting"),
    QT_TRANSLATE_NOOP("CompareColumn", "loading…"),
    QT_TRANSLATE_NOOP("CompareColumn", "loaded"),
    QT_TRANSLATE_NOOP("CompareColumn", "answering the short questions…"),
    QT_TRANSLATE_NOOP("CompareColumn", "generating…"),
    QT_TRANSLATE_NOOP("CompareColumn", "answered"),
    QT_TRANSLATE_NOOP("CompareColumn", "measured"),
    QT_TRANSLATE_NOOP("CompareColumn", "stopped"),
    QT_TRANSLATE_NOOP("CompareColumn", "failed"),
    QT_TRANSLATE_NOOP("CompareColumn", "skipped (stopped)"),
    QT_TRANSLATE_NOOP("CompareColumn", "not run"),
    QT_TRANSLATE_NOOP("CompareColumn", "done"),
)


class State(StrEnum):
    """A column's state: the English words of :data:`STATES` (what the header shows, after
    translation), as names the code compares."""

    WAITING = "waiting"
    LOADING = "loading…"
    LOADED = "loaded"
    ANSWERING = "answering the short questions…"
    GENERATING = "generating…"
    ANSWERED = "answered"
    MEASURED = "measured"
    STOPPED = "stopped"
    FAILED = "failed"
    SKIPPED = "skipped (stopped)"
    NOT_RUN = "not run"
    DONE = "done"


def _without(r: ModelResult, names: tuple[str, ...]) -> ModelResult:
    return replace(r, **{n: getattr(_BLANK, n) for n in names})


def merge(old: ModelResult | None, new: ModelResult) -> ModelResult:
    """``new``, keeping what an earlier Compare (replies, speed) or Measure (quality) found."""
    if old is None or old.spec != new.spec or new.error:
        return new
    out = new
    if not new.generation_tokens and old.generation_tokens:
        out = replace(out, **{n: getattr(old, n) for n in SPEED})
    if new.quality is None and old.quality is not None:
        out = replace(out, quality=old.quality, warning=old.warning,
                      worst_tokens=old.worst_tokens, reference_reused=old.reference_reused)
    return out


def mb(n: int) -> str:
    """A size in bytes as megabytes, or gigabytes from 1 GB."""
    if n < 10**9:
        return QCoreApplication.translate("CompareColumn", "{n} MB").format(n=f"{n / 1e6:.1f}")
    return QCoreApplication.translate("CompareColumn", "{n} GB").format(n=f"{n / 1e9:.2f}")


class CompareColumn(QWidget):
    """One model: chooser, header with its figures, and its reply."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(self.tr("Model {n}").format(n=number + 1))
        # the same model with its KV cache quantized is a rung too: what the cache costs
        self.kv = QComboBox(self)
        self.kv.setAccessibleName(self.tr("KV cache of model {n}").format(n=number + 1))
        for label, suffix in ((self.tr("KV 16-bit"), ""), (self.tr("KV 8-bit"), "@kv8"),
                              (self.tr("KV 4-bit"), "@kv4")):
            self.kv.addItem(label, suffix)
        self.kv.setToolTip(self.tr("The precision of the model's KV cache: compare a model with "
                                   "itself at 8 or 4 bits to see what a quantized cache costs."))
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setMinimumHeight(64)
        self.header.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(self.tr("Reply {n}").format(n=number + 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        chooser = QHBoxLayout()
        chooser.addWidget(self.combo, 1)
        chooser.addWidget(self.kv)
        layout.addLayout(chooser)
        layout.addWidget(self.header)
        layout.addWidget(self.browser, 1)
        self.text = ""
        self.result: ModelResult | None = None
        self.reference = False
        self.state: str = ""  # a State, or "" before the first run
        self.error = ""
        self.markdown = False
        self.renderer: MarkdownRenderer | None = None
        self.previous = 0  # the chooser's index before "Add file…"
        self.refresh_header()

    def title(self) -> str:
        """The model as chosen, with its KV cache's precision when that is quantized."""
        kv = self.kv.currentText() if self.kv.currentData() else ""
        return " · ".join(t for t in (self.combo.currentText(), kv) if t)

    def spec(self) -> str:
        """The model, with ``@kv8`` / ``@kv4`` when its KV cache is quantized."""
        return f"{self.combo.currentData()}{self.kv.currentData() or ''}"

    # --- state ------------------------------------------------------------------------
    def start(self, *, clear_reply: bool) -> None:
        self.state, self.error = State.WAITING, ""
        if self.result is not None and self.result.error:
            self.result = None
        if not clear_reply and self.result is not None:
            self.result = replace(self.result, quality=None)
        if clear_reply:
            self.text = ""
            if self.result is not None:
                self.result = _without(self.result, SPEED)
            self.browser.clear()
        self.refresh_header()

    def update_result(self, kind: str, result: ModelResult) -> None:
        self.result = merge(self.result, result)
        self.state = {"loading": State.LOADING, "loaded": State.LOADED,
                      "reply": State.ANSWERED, "answering": State.ANSWERING,
                      "quality": State.MEASURED, "unloaded": self.state}.get(kind, self.state)
        if kind == "reply":
            if result.finish_reason == "stopped":
                self.state = State.STOPPED
            self.text = result.reply
            self.show_reply()
        self.refresh_header()

    def append(self, piece: str) -> None:
        self.state = State.GENERATING
        self.text += piece
        if self.markdown:
            self.show_reply()
        else:
            cursor = self.browser.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(piece)
        self.refresh_header()

    def fail(self, message: str) -> None:
        self.state, self.error = State.FAILED, message
        self.browser.setHtml(f'<p style="color:#b00020;">{html.escape(message)}</p>')
        self.refresh_header()

    def end(self, stopped: bool) -> None:
        if self.state == State.FAILED:
            return
        if self.state in (State.WAITING, State.LOADING) or (
                stopped and self.state == State.LOADED):
            self.state = State.SKIPPED if stopped else State.NOT_RUN
        elif self.state in (State.GENERATING, State.STOPPED) or (
                stopped and self.state == State.ANSWERING):
            self.state = State.STOPPED
        else:
            self.state = State.DONE
        self.refresh_header()

    # --- drawing ----------------------------------------------------------------------
    def diverge_char(self) -> int | None:
        r = self.result
        if self.reference or r is None or not r.generation_tokens:
            return None
        return None if r.diverges_at_char is None else min(r.diverges_at_char, len(self.text))

    def show_reply(self) -> None:
        k = self.diverge_char()
        if self.markdown:
            if self.renderer is None:
                self.renderer = MarkdownRenderer()
            source = self.text if k is None else self.text[:k] + MARK + self.text[k:]
            self.browser.setHtml(self.renderer.render(source).html)
        else:
            self.browser.setPlainText(self.text)
        if k is not None:
            self._highlight(k)

    def _highlight(self, k: int) -> None:
        doc = self.browser.document()
        cursor = QTextCursor(doc)
        if self.markdown:
            found = doc.find(MARK)
            if found.isNull():
                return
            found.removeSelectedText()
            start = found.position()
        else:
            start = k
        cursor.setPosition(min(start, doc.characterCount() - 1))
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(DIVERGE_BG))
        cursor.mergeCharFormat(fmt)

    def refresh_header(self) -> None:
        r = self.result
        title = html.escape(self.title() or "—")
        lines = [f"<b>[{self.number + 1}] {title}</b>"
                 + (' &nbsp;<span style="color:#1f6feb;">{}</span>'.format(self.tr("reference"))
                    if self.reference else "")]
        # the palette's own quiet and plain text colours: readable in light and dark mode
        palette = self.palette()
        quiet = palette.color(QPalette.ColorRole.PlaceholderText).name()
        plain = palette.color(QPalette.ColorRole.WindowText).name()
        grey = f'<span style="color:{quiet};">{{}}</span>'
        if r is not None and not r.error:
            facts = [f"{r.format.upper()} {r.quantization}".strip(), mb(r.size_bytes)]
            if r.bits_per_weight:
                facts.append(self.tr("{bits} bits/weight").format(
                    bits=f"{r.bits_per_weight:.2f}"))
            if r.load_s:
                facts.append(self.tr("load {seconds} s").format(seconds=f"{r.load_s:.2f}"))
            lines.append(grey.format(" · ".join(f for f in facts if f)))
            if r.generation_tokens:
                lines.append(grey.format(self.tr(
                    "TTFT {ttft} s · prompt {prompt} tok/s · generation {generation} tok/s · "
                    "peak {peak} GB").format(
                    ttft=f"{r.ttft_s:.2f}", prompt=f"{r.prompt_tps:.1f}",
                    generation=f"{r.generation_tps:.1f}", peak=f"{r.peak_memory_gb:.3f}")))
            q = r.quality
            if q is not None:
                if q.kl is None:
                    figures = self.tr("perplexity {ppl}").format(ppl=f"{q.ppl:.3f}")
                else:
                    figures = self.tr("perplexity {ppl} · KL {kl} · top-1 {top1}").format(
                        ppl=f"{q.ppl:.3f}", kl=f"{q.kl:.4f}", top1=f"{q.top1:.1%}")
                lines.append(grey.format(figures))
        state = QCoreApplication.translate("CompareColumn", self.state) if self.state else ""
        if r is not None and r.generation_tokens and not self.reference:
            if r.diverges_at is not None:
                state = self.tr('<span style="background:{colour};">diverges at token {n}</span>'
                                " · {state}").format(colour=DIVERGE_BG, n=r.diverges_at,
                                                      state=state)
            elif r.reply_ids:
                state = self.tr("same tokens as the reference · {state}").format(state=state)
        if state:
            colour = "#b00020" if self.state == State.FAILED else plain
            lines.append(f'<span style="color:{colour};">{state}</span>')
        self.header.setText("<br>".join(lines))
        d = r.divergence if r is not None else None
        self.header.setToolTip("" if d is None else self.tr(
            "Where the replies part (token {n}), the five likeliest tokens:\n"
            "reference: {reference}\nthis model: {model}").format(
            n=d["token"], reference=_choices(d["reference"]), model=_choices(d["model"])))


def _choices(top: list[dict[str, Any]]) -> str:
    return ", ".join(f"{t['token']!r} {t['p']:.0%}" for t in top)


__all__ = ["DIVERGE_BG", "MARK", "SPEED", "CompareColumn", "mb", "merge"]
