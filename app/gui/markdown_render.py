"""Markdown → HTML for the conversation view (no widgets here, so it is cheap to test).

markdown-it-py parses CommonMark; Pygments highlights fenced code with inline styles (Qt's
rich text understands inline ``style`` far better than stylesheets). Each code block gets a
"Copy" link, and ``<think>`` reasoning blocks collapse to one line unless expanded.

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

_THINK = re.compile(r"<think>(.*?)(</think>|$)", re.DOTALL)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)


@dataclass
class Rendered:
    html: str
    code_blocks: list[str] = field(default_factory=list)


class MarkdownRenderer:
    """Renders one message; ``code_base`` numbers its code blocks for copy links."""

    def __init__(self, *, dark: bool = False) -> None:
        self.dark = dark
        style = "monokai" if dark else "friendly"
        self._formatter = HtmlFormatter(noclasses=True, nowrap=True, style=style)
        self._md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
        # markdown-it binds render rules to its renderer: a plain function, not our method
        def fence(_renderer: object, tokens: list, idx: int, _opts: object, _env: object) -> str:  # type: ignore[type-arg]
            return self._fence(tokens[idx])

        self._md.add_render_rule("fence", fence)
        self._md.add_render_rule("code_block", fence)
        border = "#555" if dark else "#bbb"

        # Qt's rich text draws a bare <table> with no lines or padding: cells run together
        def table_open(*_args: object) -> str:
            return (f'<table border="1" cellspacing="0" cellpadding="5" '
                    f'style="border-collapse:collapse; border-color:{border};">')

        self._md.add_render_rule("table_open", table_open)
        self._blocks: list[str] = []
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
        self._blocks.append(code)
        bg = "#272822" if self.dark else "#f4f4f4"
        label = html.escape(lang or "code")
        return (
            f'<table width="100%" cellspacing="0" cellpadding="6" style="background:{bg};">'
            f'<tr><td><span style="color:#888;">{label}</span>'
            f'&nbsp;&nbsp;<a href="copy:{self._message_id}:{n}" title="Copy the code" '
            f'style="text-decoration:none;">\u2750&nbsp;Copy</a></td></tr>'
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
            title = f"Thought ({words} words)" if done else f"Thinking… ({words} words)"
            if show_thinking:
                parts.append(
                    f'<p><a href="think:{message_id}">▾ {title}</a></p>'
                    f'<blockquote style="color:#888;">{self._md.render(thought)}</blockquote>'
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
        self.code_blocks: list[str] = []

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
                code_base=len(self.code_blocks),
            )
            self.code_blocks += done.code_blocks
            new_final = done.html
            self.final_html.append(new_final)
            self.final_len = cut
        tail = self.renderer.render(
            self.text[self.final_len :], message_id=self.message_id,
            code_base=len(self.code_blocks),
        )
        return new_final, tail.html
