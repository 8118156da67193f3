"""A conversation as a file: Markdown to read, JSON to keep (every branch), and back.

No database here and no Qt: :mod:`inference.store` turns its rows into a :class:`Transcript`
and a :class:`Transcript` into rows; the window, the CLI and the tests read and write files.

JSON (``"format": "orchard-conversation"``):

* version 1 (Orchard before branching): ``messages`` is the conversation, in order.
* version 2: every message has a local ``id``, its ``parent`` (``null`` for a first message)
  and ``active`` (the version shown among its siblings). ``messages`` is still the
  conversation as shown, in order, so a reader of version 1 (an older Orchard) imports that
  and nothing else; ``branches`` holds the other versions, parents before children.

Markdown is the conversation as shown, under ``## You`` / ``## Assistant`` headings. Reading
it back takes those headings outside code fences as the message boundaries: the text comes
back, the figures (stats, token ids) and the other versions do not.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from inference.attachments import Attachment, AttachmentError, image_from_bytes

FORMAT = "orchard-conversation"
VERSION = 2

ROLE_HEADINGS = {"user": "You", "assistant": "Assistant", "system": "System", "tool": "Tool"}
_HEADING_ROLES = {f"## {title}": role for role, title in ROLE_HEADINGS.items()}
UNFINISHED = "*(unfinished reply)*"
_VERSION_NOTE = re.compile(r"^\*\(version \d+ of \d+; the JSON export keeps every version\)\*$")
#: a file sent with a message, as the Markdown export names it (its text is in the JSON)
_ATTACHED = re.compile(r"^\*\(attached: .*\)\*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass
class TranscriptMessage:
    role: str
    content: str
    #: index in :attr:`Transcript.messages` of the message this one follows; None: a first one
    parent: int | None = None
    active: bool = True  # the version shown among the messages with the same parent
    stats: dict[str, Any] | None = None
    token_ids: list[int] | None = None
    created_at: float | None = None  # seconds since the epoch; None: unknown (now, on import)
    complete: bool = True
    attachments: list[Attachment] = field(default_factory=list)
    #: a tool call's record (inference.store.StoredMessage.tool), kept by the JSON export
    tool: dict[str, Any] | None = None


@dataclass
class Transcript:
    """A whole conversation tree. ``messages`` lists parents before their children."""

    title: str
    model: str = ""
    created_at: float | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    messages: list[TranscriptMessage] = field(default_factory=list)

    def shown(self) -> list[int]:
        """Indexes of the messages on the active path, first to last."""
        chosen: dict[int | None, int] = {}
        for i, m in enumerate(self.messages):
            if m.active:
                chosen[m.parent] = i  # the last marked, if a file marks several
        path: list[int] = []
        while (path[-1] if path else None) in chosen and len(path) < len(self.messages):
            path.append(chosen[path[-1] if path else None])
        return path

    def siblings(self, index: int) -> list[int]:
        parent = self.messages[index].parent
        return [i for i, m in enumerate(self.messages) if m.parent == parent]


class TranscriptError(ValueError):
    """Text that is not a conversation Orchard wrote (or can read)."""


def _iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat()


def _from_iso(text: Any) -> float | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise TranscriptError(f"a date is {type(text).__name__}, not text")
    return datetime.fromisoformat(text).timestamp()


# --- Markdown ------------------------------------------------------------------------------
def to_markdown(t: Transcript) -> str:
    lines = [f"# {t.title}", ""]
    meta = [f"Model: {t.model}"] if t.model else []
    if t.created_at is not None:
        meta.append("Created: " + datetime.fromtimestamp(t.created_at).strftime("%Y-%m-%d %H:%M"))
    if meta:
        lines += [" · ".join(meta), ""]
    for i in t.shown():
        m = t.messages[i]
        lines += [f"## {ROLE_HEADINGS.get(m.role, m.role.title())}", ""]
        # The content is Markdown already (code fences included): written as it is.
        lines += [m.content.rstrip("\n"), ""]
        for a in m.attachments:  # named only: a file's text would drown the chat
            lines += [f"*(attached: {a.name}{', cut' if a.cut else ''}; the JSON export "
                      "keeps its text)*", ""]
        if not m.complete:
            lines += [UNFINISHED, ""]
        versions = t.siblings(i)
        if len(versions) > 1:
            lines += [f"*(version {versions.index(i) + 1} of {len(versions)}; the JSON export "
                      "keeps every version)*", ""]
    return "\n".join(lines)


def from_markdown(text: str) -> Transcript:
    """A conversation from :func:`to_markdown`'s text (the messages as shown)."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or not lines[0].startswith("# "):
        raise TranscriptError("no '# title' line at the top")
    t = Transcript(title=lines[0][2:].strip())
    body: list[str] | None = None
    fence = ""
    messages: list[tuple[str, list[str]]] = []
    for line in lines[1:]:
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        elif line.rstrip() in _HEADING_ROLES:
            body = []
            messages.append((_HEADING_ROLES[line.rstrip()], body))
            continue
        if body is not None:
            body.append(line)
        elif line.startswith("Model: "):
            t.model = line[len("Model: "):].split(" · ")[0].strip()
    if not messages:
        raise TranscriptError("no '## You' or '## Assistant' headings")
    for role, body in messages:
        while body and not body[-1].strip():
            body.pop()
        complete = True
        while body and (body[-1] == UNFINISHED or _VERSION_NOTE.match(body[-1])
                        or _ATTACHED.match(body[-1])):
            complete = complete and body[-1] != UNFINISHED
            body.pop()
            while body and not body[-1].strip():
                body.pop()
        if body and not body[0].strip():
            body.pop(0)
        parent = len(t.messages) - 1 if t.messages else None
        t.messages.append(TranscriptMessage(role, "\n".join(body), parent, complete=complete))
    return t


# --- JSON ----------------------------------------------------------------------------------
def _is_call(call: Any) -> bool:
    function = call.get("function") if isinstance(call, dict) else None
    return (isinstance(function, dict) and isinstance(function.get("name"), str)
            and isinstance(function.get("arguments", {}), dict))


def _is_tool_record(tool: Any) -> bool:
    """Whether ``tool`` has the shape the store writes (StoredMessage.tool): a reply's
    {"calls": [...]}, or a tool message's record. A file from elsewhere is checked: the
    conversation view and the prompt read these fields as they are."""
    if not isinstance(tool, dict):
        return False
    if "calls" in tool:
        calls = tool["calls"]
        return isinstance(calls, list) and all(_is_call(c) for c in calls)
    number = (int, float)
    return (isinstance(tool.get("name", ""), str) and isinstance(tool.get("id", ""), str)
            and isinstance(tool.get("server", ""), str)
            and isinstance(tool.get("state", ""), str)
            and isinstance(tool.get("arguments", {}), dict)
            and isinstance(tool.get("seconds", 0), number)
            and not isinstance(tool.get("seconds", 0), bool)
            and isinstance(tool.get("cut", False), bool))



def _message_json(t: Transcript, i: int) -> dict[str, Any]:
    m = t.messages[i]
    data: dict[str, Any] = {
        "id": i + 1, "parent": None if m.parent is None else m.parent + 1, "active": m.active,
        "role": m.role, "content": m.content, "stats": m.stats,
        "created_at": _iso(m.created_at), "complete": m.complete,
    }
    if m.tool:
        data["tool"] = m.tool
    if m.attachments:  # the files' text, kept whole: what the model was sent
        data["attachments"] = [{"name": a.name, "kind": a.kind, "text": a.text,
                                "size_bytes": a.size_bytes, "cut": a.cut,
                                **({"data": base64.b64encode(a.data).decode("ascii")}
                                   if a.data else {})}
                               for a in m.attachments]
    if m.token_ids is not None:  # what the model saw, token for token (its own tokenizer's)
        data["token_ids"] = m.token_ids
    return data


def to_json(t: Transcript) -> str:
    shown = t.shown()
    others = [i for i in range(len(t.messages)) if i not in set(shown)]
    data = {
        "format": FORMAT, "version": VERSION, "title": t.title, "model": t.model,
        "created_at": _iso(t.created_at), "settings": t.settings,
        "messages": [_message_json(t, i) for i in shown],
        "branches": [_message_json(t, i) for i in others],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def from_json(text: str) -> Transcript:
    """A conversation from :func:`to_json`'s text (version 1 or 2).

    Raises :class:`TranscriptError` (a ValueError) for anything else, saying what is wrong.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"not JSON ({exc.msg}, line {exc.lineno})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TranscriptError("not an Orchard conversation export")
    try:
        return _read(data)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        if isinstance(exc, TranscriptError):
            raise
        if isinstance(exc, KeyError):
            raise TranscriptError(f"the field {exc} is missing") from exc
        raise TranscriptError(f"a value is malformed ({exc})") from exc


def _read(data: dict[str, Any]) -> Transcript:
    if not isinstance(data.get("version", 1), int) or data.get("version", 1) > VERSION:
        raise TranscriptError("written by a newer Orchard")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict) or not isinstance(data["title"], str):
        raise TranscriptError("the title or the settings are malformed")
    t = Transcript(title=data["title"], model=str(data.get("model") or ""),
                   created_at=_from_iso(data.get("created_at")), settings=settings)
    raw = list(data["messages"]) + list(data.get("branches") or [])
    index: dict[Any, int] = {}
    for n, m in enumerate(raw):
        if not isinstance(m, dict) or not isinstance(m["role"], str) \
                or not isinstance(m["content"], str):
            raise TranscriptError(f"message {n + 1} has no text role and content")
        if "id" in m:
            if m["id"] in index or m.get("parent") is not None and m["parent"] not in index:
                raise TranscriptError(f"message {n + 1} has a repeated id or an unknown parent")
            parent = None if m.get("parent") is None else index[m["parent"]]
            index[m["id"]] = n
        else:  # version 1: one message after the other
            parent = n - 1 if n else None
        stats, ids, tool = m.get("stats"), m.get("token_ids"), m.get("tool")
        if stats is not None and not isinstance(stats, dict) or ids is not None and (
                not isinstance(ids, list) or not all(isinstance(x, int) for x in ids)) or (
                tool is not None and not _is_tool_record(tool)):
            raise TranscriptError(f"message {n + 1} has malformed stats, token ids or tool call")
        t.messages.append(TranscriptMessage(
            m["role"], m["content"], parent, bool(m.get("active", True)), stats, ids,
            _from_iso(m.get("created_at")), bool(m.get("complete", True)),
            _attachments(m.get("attachments"), n), tool))
    ids = [m.get("id") for m in raw]
    if all(type(i) is int for i in ids):
        _in_written_order(t, ids)
    _one_active_per_group(t)
    return t


def _attachments(value: Any, n: int) -> list[Attachment]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(
            isinstance(a, dict) and isinstance(a.get("name"), str)
            and isinstance(a.get("text"), str) for a in value):
        raise TranscriptError(f"message {n + 1} has malformed attachments")
    out = []
    for a in value:
        data = b""
        if a.get("data") is not None:  # an image's pixels, base64, checked as an image
            try:
                data = base64.b64decode(str(a["data"]), validate=True)
                image_from_bytes(data, str(a["name"]))  # it decodes: kept as exported
            except (ValueError, AttachmentError):
                raise TranscriptError(f"message {n + 1} has a damaged image") from None
        out.append(Attachment(a["name"], str(a.get("kind") or "text"), a["text"],
                              int(a.get("size_bytes") or 0), bool(a.get("cut", False)),
                              data=data))
    return out


def _in_written_order(t: Transcript, ids: list[int]) -> None:
    """The file lists the versions shown first, the others after: put them back in the
    order of their ids (the order they were written in), so ‹ 1/2 › stays the older one.
    Kept as read if that would put a message before the one it follows."""
    order = sorted(range(len(ids)), key=ids.__getitem__)
    new = {old: k for k, old in enumerate(order)}
    moved = [t.messages[old] for old in order]
    if any(m.parent is not None and new[m.parent] >= k for k, m in enumerate(moved)):
        return
    for m in moved:
        m.parent = None if m.parent is None else new[m.parent]
    t.messages[:] = moved


def _one_active_per_group(t: Transcript) -> None:
    """At most one shown version among siblings (the last marked, as the store keeps it)."""
    seen: set[int | None] = set()
    for m in reversed(t.messages):
        if m.active:
            if m.parent in seen:
                m.active = False
            seen.add(m.parent)
