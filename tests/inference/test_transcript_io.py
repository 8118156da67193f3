"""Export and import of a conversation: JSON keeps every version, Markdown reads as a chat
and comes back as one; anything else is refused with a reason, and nothing is imported."""

from __future__ import annotations

import json

import pytest

from inference import transcript_io
from inference.store import ConversationStore
from inference.transcript_io import TranscriptError

SETTINGS = {"system_prompt": "Be brief.", "temperature": 0.3, "context_length": 4096}
CODE = "Here:\n\n```markdown\n## You\nnot a heading: inside a fence\n```\n\nDone."


def _branched(st: ConversationStore) -> int:
    """q1 → a1 (two versions) → q2 → a2; and an edited q1 with its own reply."""
    c = st.create_conversation("Branches", "tiny", SETTINGS)
    q1 = st.add_message(c, "user", "q1")
    a1 = st.add_message(c, "assistant", CODE, token_ids=[5, 6], stats={"generation_tokens": 2})
    st.add_message(c, "user", "q2")
    r = st.begin_reply(c)
    st.update_reply(r, "a2 cut", stats={"finish_reason": "stopped"})
    st.begin_reply(c, sibling_of=a1)
    st.add_message(c, "user", "q1 edited", sibling_of=q1)
    st.add_message(c, "assistant", "a1 for the edit")
    st.switch_to(r)  # shown: q1, the first a1, q2, a2
    return c


def _tree(st: ConversationStore, c: int) -> list[tuple[object, ...]]:
    by_id = {m.id: m for m in st.tree(c)}
    return [(m.role, m.content, m.token_ids, m.stats, m.complete, m.active,
             by_id[m.parent_id].content if m.parent_id else None) for m in st.tree(c)]


def _times(st: ConversationStore, c: int) -> list[float]:
    return [m.created_at for m in st.tree(c)]


def _headings(md: str) -> list[str]:
    """The Markdown headings a reader sees: a "## " line inside a code fence is code."""
    fenced, out = False, []
    for line in md.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif line.startswith("## ") and not fenced:
            out.append(line)
    return out


def test_json_round_trip_keeps_every_version(st: ConversationStore) -> None:
    c = _branched(st)
    text = st.export_json(c)
    copy = st.import_json(text)
    assert copy != c
    assert _tree(st, copy) == _tree(st, c)
    # the export keeps time to the microsecond (a float's last digits may differ)
    assert _times(st, copy) == pytest.approx(_times(st, c), abs=2e-6)
    assert [m.content for m in st.messages(copy)] == ["q1", CODE, "q2", "a2 cut"]
    conv = st.conversation(copy)
    assert (conv.title, conv.model, conv.settings) == ("Branches", "tiny", SETTINGS)
    # the export keeps time to the microsecond
    assert conv.created_at == pytest.approx(st.conversation(c).created_at, abs=1e-5)
    assert st.export_json(copy) == text
    # an older Orchard reads "messages" only: the conversation as shown, in order
    data = json.loads(text)
    assert [m["content"] for m in data["messages"]] == ["q1", CODE, "q2", "a2 cut"]
    assert len(data["branches"]) == 3  # the other a1, the edited q1 and its reply


def test_a_version_1_export_still_imports(st: ConversationStore) -> None:
    old = {"format": "orchard-conversation", "version": 1, "title": "Old", "model": "m",
           "created_at": "2025-01-02T03:04:05+00:00", "settings": {},
           "messages": [{"role": "user", "content": "hi", "stats": None,
                         "created_at": "2025-01-02T03:04:06+00:00", "complete": True},
                        {"role": "assistant", "content": "hello", "stats": {"x": 1},
                         "created_at": "2025-01-02T03:04:07+00:00", "complete": False}]}
    c = st.import_json(json.dumps(old))
    shown = st.messages(c)
    assert [(m.role, m.content, m.complete) for m in shown] == [
        ("user", "hi", True), ("assistant", "hello", False)]
    assert shown[1].parent_id == shown[0].id and shown[1].stats == {"x": 1}


def test_markdown_reads_as_the_chat_shown_and_comes_back(st: ConversationStore) -> None:
    c = _branched(st)
    md = st.export_markdown(c)
    assert md.startswith("# Branches\n\nModel: tiny · Created: ")
    assert _headings(md) == [
        "## You", "## Assistant", "## You", "## Assistant"]
    assert CODE in md and "*(version 1 of 2; the JSON export keeps every version)*" in md
    assert md.rstrip().endswith("a2 cut\n\n*(unfinished reply)*")
    copy = st.import_markdown(md)
    assert [(m.role, m.content, m.complete) for m in st.messages(copy)] == [
        ("user", "q1", True), ("assistant", CODE, True), ("user", "q2", True),
        ("assistant", "a2 cut", False)]
    assert (st.conversation(copy).title, st.conversation(copy).model) == ("Branches", "tiny")


@pytest.mark.parametrize(("text", "why"), [
    ("", "not JSON"),
    ("nope", "not JSON"),
    ("[]", "not an Orchard conversation"),
    ('{"format": "something-else"}', "not an Orchard conversation"),
    ('{"format": "orchard-conversation"}', "the field 'title' is missing"),
    ('{"format": "orchard-conversation", "title": "t", "messages": [{"role": "user"}]}',
     "the field 'content' is missing"),
    ('{"format": "orchard-conversation", "title": "t", "messages": [{"role": 1, '
     '"content": "x"}]}', "no text role"),
    ('{"format": "orchard-conversation", "title": "t", "messages": [{"id": 1, "parent": 7, '
     '"role": "user", "content": "x"}]}', "unknown parent"),
    ('{"format": "orchard-conversation", "version": 9, "title": "t", "messages": []}',
     "newer Orchard"),
    ('{"format": "orchard-conversation", "title": "t", "created_at": "yesterday", '
     '"messages": []}', "a value is malformed"),
    ('{"format": "orchard-conversation", "title": "t", "messages": [{"role": "assistant", '
     '"content": "", "tool": {"calls": "abc"}}]}', "malformed stats, token ids or tool call"),
    ('{"format": "orchard-conversation", "title": "t", "messages": [{"role": "tool", '
     '"content": "5", "tool": {"name": "add", "seconds": "1.5"}}]}', "or tool call"),
])
def test_malformed_json_is_refused_with_a_reason_and_nothing_imported(
    st: ConversationStore, text: str, why: str
) -> None:
    kept = st.create_conversation("kept", "m", {})
    with pytest.raises(TranscriptError, match=why):
        st.import_json(text)
    assert [c.id for c in st.list_conversations()] == [kept]


@pytest.mark.parametrize("text", ["", "just some notes\n", "# A title\n\nno headings"])
def test_markdown_that_is_not_a_chat_is_refused(st: ConversationStore, text: str) -> None:
    with pytest.raises(TranscriptError):
        st.import_markdown(text)
    assert st.list_conversations() == []


def test_several_marked_versions_show_the_last(st: ConversationStore) -> None:
    t = transcript_io.from_json(json.dumps({
        "format": "orchard-conversation", "version": 2, "title": "t", "messages": [
            {"id": 1, "parent": None, "active": True, "role": "user", "content": "a"},
            {"id": 2, "parent": None, "active": True, "role": "user", "content": "b"}]}))
    assert [t.messages[i].content for i in t.shown()] == ["b"]


def test_tool_calls_and_results_survive_export_and_import(st: ConversationStore) -> None:
    cid = st.create_conversation("sums", "m", {})
    call = {"id": "call_1", "type": "function",
            "function": {"name": "add", "arguments": {"a": 2, "b": 3}}}
    st.add_message(cid, "user", "2 + 3?")
    st.add_message(cid, "assistant", "", tool={"calls": [call]})
    record = {"id": "call_1", "name": "add", "server": "calc", "arguments": {"a": 2, "b": 3},
              "state": "ran", "seconds": 0.02, "cut": False}
    st.add_message(cid, "tool", "5", tool=record)
    copy = st.import_json(st.export_json(cid))
    back = st.messages(copy)
    assert [m.tool for m in back] == [None, {"calls": [call]}, record]
    assert back[1].as_message().tool_calls == [call]
    assert (back[2].as_message().tool_call_id, back[2].as_message().name) == ("call_1", "add")
    assert "## Tool" in st.export_markdown(cid)
