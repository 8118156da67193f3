"""Markdown rendering for the conversation view, and its incremental streaming form."""

from __future__ import annotations

import re

from app.gui.markdown_render import MarkdownRenderer, StreamingMarkdown, split_final


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_code_is_highlighted_with_a_copy_link() -> None:
    out = MarkdownRenderer().render("Try:\n\n```python\nx = 1\n```\n", message_id=7)
    assert out.code_blocks == ["x = 1\n"]
    assert 'href="copy:7:0"' in out.html
    assert "style=" in out.html and "<pre" in out.html  # Pygments' inline colours


def test_think_blocks_collapse_unless_opened() -> None:
    text = "<think>first I consider the apples carefully</think>The answer is 4."
    closed = MarkdownRenderer().render(text, message_id=3)
    assert "Thought (6 words)" in closed.html and "apples" not in closed.html
    assert 'href="think:3"' in closed.html and "The answer is 4." in closed.html
    opened = MarkdownRenderer().render(text, message_id=3, show_thinking=True)
    assert "apples" in opened.html
    still = MarkdownRenderer().render("<think>still going", message_id=3)
    assert "Thinking…" in still.html


def test_raw_html_from_the_model_is_escaped() -> None:
    out = MarkdownRenderer().render("<script>alert(1)</script> and <b>bold</b>")
    assert "<script>" not in out.html and "&lt;script&gt;" in out.html


def test_split_final_never_cuts_inside_a_fence() -> None:
    text = "para one\n\n```\ncode\n\nmore code\n"
    assert split_final(text) == len("para one\n\n")
    closed = text + "```\n\nafter"
    assert split_final(closed) == len(closed) - len("after")


def test_streaming_gives_the_same_text_as_rendering_at_once() -> None:
    reply = "Intro paragraph.\n\n- one\n- two\n\n```python\nprint('hi')\n```\n\nThe end."
    r = MarkdownRenderer()
    stream = StreamingMarkdown(r, 1)
    tail = ""
    for i in range(0, len(reply), 3):
        _new, tail = stream.feed(reply[i : i + 3])
    streamed = "".join(stream.final_html) + tail
    whole = MarkdownRenderer().render(reply, message_id=1).html
    assert _text(streamed) == _text(whole)
    assert stream.final_len > 0  # earlier blocks were rendered once, not every update


def test_tables_have_lines_and_padding() -> None:
    from app.gui.markdown_render import MarkdownRenderer

    out = MarkdownRenderer().render("| quant | KL |\n|---|---|\n| Q4_K_M | 0.02 |").html
    assert '<table border="1"' in out and 'cellpadding="5"' in out
    assert "<td>Q4_K_M</td>" in out
