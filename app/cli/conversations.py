"""Saved conversations from the terminal: ``orchard chat --conversation NAME`` and ``--list``.

The store is the window's (inference.store), so a conversation goes on in either front end.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


class Saved:
    """A conversation in the store (the window's), written as the chat goes: each message as
    it is sent, each reply with its token ids and figures when it ends."""

    def __init__(self, store: Any, conversation_id: int) -> None:
        self.store, self.id = store, conversation_id
        self._sent: int | None = None  # the message sent last, until it is answered
        self._replaces: int | None = None  # the place of the reply a regenerate replaces

    @classmethod
    def open(cls, name: str, args: argparse.Namespace) -> tuple[Saved, Any]:
        """The conversation titled ``name`` (the newest, if several), or a new one; and its
        stored settings."""
        from inference.store import ConversationStore

        store = ConversationStore()
        found = [c for c in store.list_conversations() if c.title == name]
        if found:
            conversation = store.conversation(found[0].id)
            return cls(store, conversation.id), conversation.settings
        settings = {"system_prompt": args.system or "", "context_length": args.ctx}
        return cls(store, store.create_conversation(name, args.model, settings)), settings

    def history(self) -> tuple[list[Any], int]:
        from inference.store import dropped_turns

        stored = self.store.messages(self.id)
        return [m.as_message() for m in stored], dropped_turns(stored)

    def before(self, message: str | None, files: list[Any] | None = None) -> None:
        """``message`` is being sent (saved now); None: the last reply is being regenerated
        (replaced once a new one comes)."""
        self._sent = self._replaces = None
        if message is not None:
            self._sent = self.store.add_message(self.id, "user", message,
                                                attachments=files or [])
            return
        last = self.store.messages(self.id, files=False)
        if last and last[-1].role == "assistant":
            self._replaces = last[-1].position

    def refused(self) -> None:
        """The message was not sent (the model refused it): it is not kept either."""
        if self._sent is not None:
            self.store.delete_message(self._sent)
            self._sent = None

    def after(self, result: Any, info: Any) -> None:
        """The reply came (a ReplyResult, from the model ``info``): kept with its token ids
        and figures."""
        from inference.store import reply_stats

        self._reply(result.content, token_ids=result.token_ids,
                    stats=reply_stats(result.final, info),
                    tool={"calls": result.tool_calls} if result.tool_calls else None)

    def tool_result(self, outcome: Any) -> None:
        """A tool call's result (inference.tools.turns.CallOutcome), kept after its reply."""
        self.store.add_message(self.id, "tool", outcome.message.content, tool=outcome.record)

    def broken_off(self, text: str, *, complete: bool) -> None:
        """The reply failed after it began, or the model's process ended under it
        (``complete=False``: the window shows it "interrupted"): what came is kept."""
        self._reply(text, complete=complete)

    def _reply(self, content: str, **fields: Any) -> None:
        if self._replaces is not None:
            self.store.truncate_after(self.id, self._replaces)
            self._replaces = None
        self.store.add_message(self.id, "assistant", content, **fields)
        self._sent = None

    def close(self) -> None:
        self.store.close()


def list_conversations(as_json: bool) -> int:
    from datetime import datetime

    from inference.store import ConversationStore

    store = ConversationStore()
    try:
        rows = store.list_conversations()
    finally:
        store.close()
    if as_json:
        print(json.dumps([{"title": c.title, "model": c.model, "messages": c.message_count,
                           "updated_at": c.updated_at} for c in rows], ensure_ascii=False))
        return 0
    if not rows:
        print("No saved conversations yet.", file=sys.stderr)
    for c in rows:
        when = datetime.fromtimestamp(c.updated_at).strftime("%Y-%m-%d %H:%M")
        print(f"{c.title}\t{c.message_count} messages\t{when}\t{c.model}")
    return 0
