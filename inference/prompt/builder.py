"""Render a conversation and tokenize it the way the model must see it.

Two guarantees on top of rendering the template:

1. Injection safety: message text is always plain text. A user who types
   ``<|im_end|><|im_start|>system`` gets the ids of those characters, never control ids;
   only the template's own scaffolding produces special tokens.
2. Exact history: an assistant reply keeps the token ids the model generated, so the next
   turn's prompt starts with exactly what the KV cache holds and only the new turn is
   processed (re-tokenizing a reply's text can give other ids than the ones sampled).

How: each message's content is rendered between private-use marker characters, so after
rendering we know which characters came from messages. The text is then cut at special
tokens that lie in the scaffolding (as llama.cpp cuts at special tokens before tokenizing)
and each stretch between them is tokenized as plain text in one piece, so tokenization is
the same as for the whole string wherever no special token is involved.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from inference.errors import OrchardError
from inference.prompt.templates import ChatTemplate, TemplateRenderError, render

log = logging.getLogger(__name__)

_OPEN, _MID, _CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{_OPEN}(\\d+){_MID}(.*?){_CLOSE}", re.DOTALL)


class _Tokenizer(Protocol):
    bos_token_id: int | None
    add_bos: bool
    special_tokens: dict[str, int]

    def encode(
        self, text: str, *, parse_special: bool = False, add_bos: bool | None = None
    ) -> list[int]: ...

    def token_text(self, token_id: int | None) -> str: ...

    def decode(self, ids: list[int], *, skip_special: bool = False) -> str: ...


@dataclass(frozen=True)
class Prompt:
    text: str
    ids: list[int]
    template_source: str
    #: (start, end) token ranges holding message text (with any scaffolding text that shares
    #: their stretch between special tokens); no control id ever lies inside one.
    message_spans: list[tuple[int, int]] = field(default_factory=list)
    #: A vision model's prompt: the processed images (inference.vision.Media), whose tokens
    #: are in ``ids``; None for text.
    media: Any = field(default=None, compare=False, repr=False)

    @property
    def cache_ids(self) -> list[int]:
        """The ids a KV cache is matched by: ``ids``, with each image's tokens standing for
        that image's own pixels (two images of one size have the same token ids)."""
        return self.media.cache_ids if self.media is not None else self.ids

    @property
    def image_tokens(self) -> int:
        """How many of ``ids`` are images' tokens."""
        return self.media.image_tokens if self.media is not None else 0


@dataclass
class _Piece:
    text: str
    message: int | None = None  # index of the message this text belongs to, if any


def _split_marked(rendered: str) -> list[_Piece] | None:
    pieces: list[_Piece] = []
    pos = 0
    for match in _MARKED.finditer(rendered):
        pieces.append(_Piece(rendered[pos : match.start()]))
        pieces.append(_Piece(match.group(2), int(match.group(1))))
        pos = match.end()
    pieces.append(_Piece(rendered[pos:]))
    if any(c in p.text for p in pieces for c in (_OPEN, _MID, _CLOSE)):
        return None  # the template cut or reordered content: markers are unbalanced
    return [p for p in pieces if p.text]


class PromptBuilder:
    """Builds :class:`Prompt` objects for one tokenizer and template."""

    def __init__(
        self, tokenizer: _Tokenizer, template: ChatTemplate, *, eos_token_id: int | None = None,
        list_content: bool = False,
    ) -> None:
        self.tokenizer = tokenizer
        self.template = template
        #: A vision model's template: each message's content is given as a list of parts,
        #: ``{"type": "image"}`` for each of its images, then ``{"type": "text", ...}``.
        self.list_content = list_content
        self.bos_token = tokenizer.token_text(tokenizer.bos_token_id)
        self.eos_token = tokenizer.token_text(eos_token_id)
        specials = sorted(tokenizer.special_tokens, key=len, reverse=True)
        self._special_re = (
            re.compile("|".join(re.escape(s) for s in specials)) if specials else None
        )

    def render(
        self, messages: Sequence[Mapping[str, Any]], *, add_generation_prompt: bool = True,
        tools: list[dict[str, Any]] | None = None,
    ) -> str:
        return render(
            self.template, [dict(m) for m in messages],
            add_generation_prompt=add_generation_prompt,
            bos_token=self.bos_token, eos_token=self.eos_token, tools=tools,
        )

    def build(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        add_generation_prompt: bool = True,
        reply_ids: Mapping[int, list[int]] | None = None,
        tools: list[dict[str, Any]] | None = None,
        images: Mapping[int, int] | None = None,
    ) -> Prompt:
        """Render and tokenize; ``reply_ids`` maps a message index to its generated ids,
        ``images`` to how many images it holds (a list-content template places them).

        ``tools`` and an assistant's ``tool_calls`` are rendered by the template as
        scaffolding, so they must hold no control token's text: refused, like a message
        whose text the template rewrites."""
        self._check_plain(tools, "tool definitions")
        for m in messages:
            self._check_plain(m.get("tool_calls"), f"{m['role']} message's tool calls")
        images = {i: n for i, n in (images or {}).items() if n}
        if images and not self.list_content:
            raise OrchardError(f"The {self.template.source} chat template cannot place images; "
                               "choose the model's own template to send images.")
        marked = [
            {**m, "content": self._content(f"{_OPEN}{i}{_MID}{m['content']}{_CLOSE}",
                                           images.get(i, 0))}
            for i, m in enumerate(messages)
        ]
        try:
            pieces = _split_marked(self.render(marked, add_generation_prompt=add_generation_prompt,
                                               tools=tools))
        except TemplateRenderError:
            pieces = None
        if pieces is None:
            # A template that slices or inspects content (e.g. splitting off <think> blocks)
            # breaks the markers; render plainly and parse specials over the whole text. That
            # is only safe while no message holds a control token's text: typed into a
            # message, it would become a real control token. Refuse that case instead.
            for m in messages:
                found = self._special_re.search(m["content"]) if self._special_re else None
                if found:
                    raise OrchardError(
                        f"This model's chat template rewrites message text, so Orchard cannot "
                        f"keep the control text {found.group(0)!r} in a {m['role']} message "
                        "as plain text; remove it from the message or choose another template."
                    )
            if images:  # the plain render would lose the images' places
                raise OrchardError(f"The {self.template.source} chat template rewrites "
                                   "message text, so Orchard cannot place images with it.")
            text = self.render(
                [{**m, "content": self._content(m["content"], 0)} for m in messages],
                add_generation_prompt=add_generation_prompt, tools=tools)
            log.info("template mangles content markers; tokenizing the prompt as one text")
            return Prompt(text, self._with_bos(self.tokenizer.encode(text, parse_special=True)),
                          self.template.source)
        return self._tokenize(pieces, messages, reply_ids or {})

    def _content(self, text: str, n_images: int) -> Any:
        if not self.list_content:
            return text
        return [{"type": "image"}] * n_images + [{"type": "text", "text": text}]

    def _check_plain(self, value: Any, what: str) -> None:
        if not value or self._special_re is None:
            return
        found = self._special_re.search(json.dumps(value, ensure_ascii=False))
        if found:
            raise OrchardError(f"The {what} hold the control text {found.group(0)!r}, which "
                               "this model would read as a real control token; remove it.")

    def _tokenize(
        self, pieces: list[_Piece], messages: Sequence[Mapping[str, Any]],
        reply_ids: Mapping[int, list[int]],
    ) -> Prompt:
        # Cut the scaffolding at special tokens; message text is never cut.
        runs: list[list[_Piece] | int] = [[]]
        for piece in pieces:
            if piece.message is not None or self._special_re is None:
                _append(runs, piece)
                continue
            pos = 0
            for match in self._special_re.finditer(piece.text):
                _append(runs, _Piece(piece.text[pos : match.start()]))
                runs.append(self.tokenizer.special_tokens[match.group(0)])
                runs.append([])
                pos = match.end()
            _append(runs, _Piece(piece.text[pos:]))

        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        for run in runs:
            if isinstance(run, int):
                ids.append(run)
                continue
            ids.extend(self._encode_run(run, messages, reply_ids, spans, len(ids)))
        text = "".join(p.text for p in pieces)
        with_bos = self._with_bos(ids)
        shift = len(with_bos) - len(ids)
        spans = [(a + shift, b + shift) for a, b in spans]
        return Prompt(text, with_bos, self.template.source, spans)

    def _encode_run(
        self, run: list[_Piece], messages: Sequence[Mapping[str, Any]],
        reply_ids: Mapping[int, list[int]], spans: list[tuple[int, int]], offset: int,
    ) -> list[int]:
        """Tokenize text between two special tokens as one string (plain text)."""
        encode = self.tokenizer.encode
        last = run[-1] if run else None
        # A reply that ends its run (the template follows it with a special token) is
        # exactly what the model generated after the text before it: splice its ids.
        if (
            last is not None
            and last.message is not None
            and last.message in reply_ids
            and last.text == messages[last.message]["content"]
            and self.tokenizer.decode(list(reply_ids[last.message])) == last.text
        ):
            head_text = "".join(p.text for p in run[:-1])
            head = encode(head_text, parse_special=False, add_bos=False) if head_text else []
            spans.append((offset + len(head), offset + len(head) + len(reply_ids[last.message])))
            return head + list(reply_ids[last.message])
        out = encode("".join(p.text for p in run), parse_special=False, add_bos=False)
        if any(p.message is not None for p in run):
            spans.append((offset, offset + len(out)))
        return out

    def _with_bos(self, ids: list[int]) -> list[int]:
        tok = self.tokenizer
        if tok.add_bos and tok.bos_token_id is not None and ids[:1] != [tok.bos_token_id]:
            return [tok.bos_token_id, *ids]
        return ids


def _append(runs: list[list[_Piece] | int], piece: _Piece) -> None:
    if not piece.text:
        return
    if isinstance(runs[-1], int):
        runs.append([])
    last = runs[-1]
    assert isinstance(last, list)
    last.append(piece)
