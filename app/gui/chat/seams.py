"""What the window's parts need of each other: the worker, the store and the chat's views,
as Protocols naming exactly the members used across each seam.

The real ones are :class:`~app.gui.chat.worker.InferenceWorker`,
:class:`~inference.store.ConversationStore`, :class:`~app.gui.chat.transcript.TranscriptView`
and :class:`~app.gui.chat.composer.Composer`; tests may pass anything that has these members.
A signal is a class attribute (``Signal``) read as a ``SignalInstance`` on the object.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.gui.chat.attachments import AttachmentBar
from app.gui.chat.transcript import ShownMessage
from app.gui.chat.worker import LoadRequest
from inference.attachments import Attachment
from inference.engine import ChatRequest, Engine, StopFlag
from inference.prompt.templates import ChatTemplate
from inference.remote import ProcessEngine
from inference.store import Conversation, ConversationSummary, SearchHit, StoredMessage
from inference.types import Message, SamplingSettings


class ApiWorker(Protocol):
    """What the Local API needs of the worker: the engine it serves from."""

    @property
    def engine(self) -> Engine | ProcessEngine: ...


class ChatWorker(ApiWorker, Protocol):
    """The engine's window side, as the controller and the window use it."""

    loaded: SignalInstance  # (ModelInfo)
    load_failed: SignalInstance  # (str)
    kept: SignalInstance  # (ModelInfo, str)
    prompt_progress: SignalInstance  # (int, int)
    tokens: SignalInstance  # (str)
    speed: SignalInstance  # (int, float)
    finished: SignalInstance  # (ReplyResult)
    failed: SignalInstance  # (str)
    interrupted: SignalInstance  # (str)
    lost: SignalInstance  # (str, str)

    @property
    def context_length(self) -> int: ...

    def load_model(self, request: LoadRequest) -> None: ...

    def cancel_load(self) -> None: ...

    def unload(self) -> None: ...

    def generate(self, request: ChatRequest, stop: StopFlag) -> None: ...

    def preview(
        self, history: list[Message], system_prompt: str | None,
        template: str | ChatTemplate | None, context_length: int | None = None,
        settings: SamplingSettings | None = None, dropped_turns: int = 0,
        tools: list[dict[str, Any]] | None = None,
    ) -> tuple[str, int, str]: ...

    def count_tokens(self, text: str) -> int: ...


class ChatStore(Protocol):
    """The conversations, as the controller reads and writes the open one."""

    def conversation(self, conv_id: int) -> Conversation: ...

    def messages(self, conv_id: int, *, files: bool = True) -> list[StoredMessage]: ...

    def create_conversation(self, title: str, model: str = "",
                            settings: Mapping[str, Any] | None = None) -> int: ...

    def update_settings(self, conv_id: int, settings: Mapping[str, Any], *,
                        model: str | None = None) -> None: ...

    def rename(self, conv_id: int, title: str) -> None: ...

    def add_message(self, conv_id: int, role: str, content: str, *,
                    token_ids: list[int] | None = None,
                    stats: Mapping[str, Any] | None = None, complete: bool = True,
                    sibling_of: int | None = None,
                    attachments: tuple[Attachment, ...] | list[Attachment] = (),
                    tool: Mapping[str, Any] | None = None) -> int: ...

    def begin_reply(self, conv_id: int, *, sibling_of: int | None = None) -> int: ...

    def update_reply(self, msg_id: int, content: str, *, complete: bool = False,
                     stats: Mapping[str, Any] | None = None,
                     token_ids: list[int] | None = None,
                     tool: Mapping[str, Any] | None = None) -> None: ...

    def switch_to(self, msg_id: int) -> None: ...

    def delete_message(self, msg_id: int) -> None: ...


class WindowStore(ChatStore, Protocol):
    """The conversations, as the window lists, searches, exports and imports them."""

    recovered_from: Path | None

    def list_conversations(self) -> list[ConversationSummary]: ...

    def search(self, query: str, *, limit: int = 50, marks: tuple[str, str] = ("[", "]"),
               ) -> list[SearchHit]: ...

    def delete(self, conv_id: int) -> None: ...

    def restore(self, conv_id: int) -> None: ...

    def export_markdown(self, conv_id: int) -> str: ...

    def export_json(self, conv_id: int) -> str: ...

    def import_json(self, text: str) -> int: ...

    def import_markdown(self, text: str) -> int: ...


class ChatTranscript(Protocol):
    """The conversation's view, as the controller fills it."""

    action: SignalInstance  # (str, int): a message's action chosen, and the message

    def set_messages(self, messages: list[ShownMessage], notice: str = "") -> None: ...

    def messages(self) -> list[ShownMessage]: ...

    def append_message(self, message: ShownMessage) -> None: ...

    def begin_reply(self, message: ShownMessage) -> None: ...

    def show_progress(self, text: str) -> None: ...

    def append_text(self, piece: str) -> None: ...

    def end_reply(self, content: str, stats: str = "", message_id: int | None = None,
                  tool: dict[str, Any] | None = None) -> None: ...

    def window(self) -> QWidget: ...


class ChatComposer(Protocol):
    """The message box, as the controller reads and sets it."""

    submitted: SignalInstance  # (str)
    stop_requested: SignalInstance
    send_cut_requested: SignalInstance

    @property
    def edit(self) -> QPlainTextEdit: ...

    @property
    def attachments(self) -> AttachmentBar: ...

    def set_budget(self, text: str, *, cut: bool = True) -> None: ...

    def set_streaming(self, streaming: bool) -> None: ...

    def set_text(self, text: str) -> None: ...
