"""Markdown → HTML for the conversation view (no widgets here, so it is cheap to test).

markdown-it-py parses CommonMark; Pygments highlights fenced code with inline styles (Qt's
rich text understands inline ``style`` far better than stylesheets), and ``<think>`` reasoning
blocks collapse to one line unless expanded.

A code block comes out one of two ways. For the conversation view (``code_objects=True``) it
is a placeholder image named ``orchard-code:<message>:<n>`` that the view replaces with a real
code widget (its own horizontal scroll bar, language label and Copy button): Qt's rich text
cannot scroll part of a document sideways, so a long line would otherwise widen the whole
transcript. Elsewhere (the compare window) it is inline HTML with a "Copy" link.

Streaming: :class:`StreamingMarkdown` renders only the open tail of a growing reply. Text
up to the last blank line outside a code fence is final, so it is rendered once; the cost
per update stays flat however long the reply gets.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound
from PySide6.QtCore import QCoreApplication, QObject

from app.gui.theme import DARK, LIGHT

_THINK = re.compile(r"<think>(.*?)(</think>|$)", re.DOTALL)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)


#: The placeholder's image name: orchard-code:<message id>:<block number>.
CODE_SCHEME = "orchard-code"


@dataclass(frozen=True)
class CodeBlock:
    code: str       # the text, as copied
    language: str   # as written after the fence ("" when none)
    html: str       # highlighted, for a <pre>


@dataclass
class Rendered:
    html: str
    blocks: list[CodeBlock] = field(default_factory=list)

    @property
    def code_blocks(self) -> list[str]:
        return [b.code for b in self.blocks]


class ThinkingTitle(QObject):
    """The line a ``<think>`` block collapses to. A QObject so that its plural (``%n``) is
    collected: pyside6-lupdate takes a count from ``self.tr``, not from
    ``QCoreApplication.translate``."""

    def text(self, words: int, done: bool) -> str:
        if done:
            return self.tr("Thought (%n words)", "", words)
        return self.tr("Thinking… (%n words)", "", words)


class MarkdownRenderer:
    """Renders one message; ``code_base`` numbers its code blocks for copy links."""

    def __init__(self, *, dark: bool = False, code_objects: bool = False) -> None:
        self.dark = dark
        self.code_objects = code_objects
        self.colours = DARK if dark else LIGHT
        style = self.colours.pygments_style
        self._formatter = HtmlFormatter(noclasses=True, nowrap=True, style=style)
        self._md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
        # markdown-it binds render rules to its renderer: a plain function, not our method
        def fence(_renderer: object, tokens: list, idx: int, _opts: object, _env: object) -> str:  # type: ignore[type-arg]
            return self._fence(tokens[idx])

        self._md.add_render_rule("fence", fence)
        self._md.add_render_rule("code_block", fence)
        border = self.colours.table_border

        # Qt's rich text draws a bare <table> with no lines or padding: cells run together
        def table_open(*_args: object) -> str:
            return (f'<table border="1" cellspacing="0" cellpadding="5" '
                    f'style="border-collapse:collapse; border-color:{border}; '
                    f'margin-top:4px; margin-bottom:10px;">')

        self._md.add_render_rule("table_open", table_open)

        # a model's image would be fetched from anywhere (or drawn broken): show it as a link
        def image(_renderer: object, tokens: list, idx: int, _opts: object, _env: object) -> str:  # type: ignore[type-arg]
            token = tokens[idx]
            src = html.escape(str(token.attrGet("src") or ""), quote=True)
            alt = html.escape(token.content or src)
            return f'<a href="{src}">{alt}</a>'

        self._md.add_render_rule("image", image)
        self._blocks: list[CodeBlock] = []
        self._code_base = 0
        self._message_id = 0

    def _fence(self, token: Token) -> str:
        code = token.content
        lang = (token.info or "").strip().split(" ")[0]
        try:
            lexer = get_lexer_by_name(lang) if lang else TextLexer()
        except ClassNotFound:
            lexer = TextLexer()
        body = highlight(code, lexer, self._formatter).rstrip("\n")
        n = self._code_base + len(self._blocks)
        self._blocks.append(CodeBlock(code, lang, body))
        if self.code_objects:  # the view draws a code widget here (see the module's docstring)
            return (f'<p style="margin-top:4px; margin-bottom:10px; line-height:100%;">'
                    f'<img src="{CODE_SCHEME}:{self._message_id}:{n}" /></p>')
        c = self.colours
        label = html.escape(lang or QCoreApplication.translate("MarkdownRenderer", "code"))
        tip = html.escape(QCoreApplication.translate("MarkdownRenderer", "Copy the code"))
        copy = html.escape(QCoreApplication.translate("MarkdownRenderer", "Copy"))
        return (
            f'<table width="100%" cellspacing="0" cellpadding="6" '
            f'style="background:{c.code_bg};">'
            f'<tr><td><span style="color:{c.code_label};">{label}</span>'
            f'&nbsp;&nbsp;<a href="copy:{self._message_id}:{n}" '
            f'title="{tip}" style="text-decoration:none;">\u2750&nbsp;{copy}</a></td></tr>'
            f'<tr><td><pre style="margin:0;">{body}</pre></td></tr></table>'
        )

    def render(
        self, text: str, *, message_id: int = 0, code_base: int = 0,
        show_thinking: bool = False,
    ) -> Rendered:
        self._blocks = []
        self._code_base = code_base
        self._message_id = message_id
        parts: list[str] = []
        pos = 0
        for match in _THINK.finditer(text):
            parts.append(self._md.render(text[pos : match.start()]))
            thought = match.group(1).strip()
            words = len(thought.split())
            done = bool(match.group(2))
            title = html.escape(ThinkingTitle().text(words, done))
            if show_thinking:
                parts.append(
                    f'<p><a href="think:{message_id}">▾ {title}</a></p>'
                    f'<blockquote style="color:{self.colours.muted};">'
                    f'{self._md.render(thought)}</blockquote>'
                )
            else:
                parts.append(f'<p><a href="think:{message_id}">▸ {title}</a></p>')
            pos = match.end()
        parts.append(self._md.render(text[pos:]))
        return Rendered("".join(parts), list(self._blocks))


def split_final(text: str) -> int:
    """Index up to which ``text`` is complete Markdown blocks that later text cannot change.

    That is the last blank line outside a code fence and outside a <think> block (the
    collapsed think line must see the whole block).
    """
    if "<think>" in text and "</think>" not in text:
        return 0
    cut = 0
    in_fence = False
    pos = 0
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            in_fence = not in_fence
        pos += len(line)
        if not in_fence and line.strip() == "" and line.endswith("\n"):
            cut = pos
    return cut


class StreamingMarkdown:
    """Incremental rendering of one growing reply: final blocks once, the tail each time."""

    def __init__(self, renderer: MarkdownRenderer, message_id: int) -> None:
        self.renderer = renderer
        self.message_id = message_id
        self.text = ""
        self.final_html: list[str] = []
        self.final_len = 0
        self.final_blocks: list[CodeBlock] = []
        self.tail_blocks: list[CodeBlock] = []

    @property
    def blocks(self) -> list[CodeBlock]:
        """Every code block so far, the open tail's included (numbered as rendered)."""
        return self.final_blocks + self.tail_blocks

    def feed(self, piece: str) -> tuple[str, str]:
        """Add text; returns (newly final HTML to append once, HTML of the open tail)."""
        self.text += piece
        # Only the open tail is scanned: final_len always sits on a block boundary outside a
        # fence or <think> block, so the tail starts in plain Markdown.
        cut = self.final_len + split_final(self.text[self.final_len :])
        new_final = ""
        if cut > self.final_len:
            done = self.renderer.render(
                self.text[self.final_len : cut], message_id=self.message_id,
                code_base=len(self.final_blocks),
            )
            self.final_blocks += done.blocks
            new_final = done.html
            self.final_html.append(new_final)
            self.final_len = cut
        tail = self.renderer.render(
            self.text[self.final_len :], message_id=self.message_id,
            code_base=len(self.final_blocks),
        )
        self.tail_blocks = tail.blocks
        return new_final, tail.html
