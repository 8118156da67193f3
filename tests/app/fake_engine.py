"""A fake model and session for fast GUI tests: same interface as the real ones, no MLX."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inference.errors import OrchardError
from inference.types import GenerationChunk, Message, SamplingSettings


@dataclass
class FakeInfo:
    name: str = "Fake model"
    format: str = "gguf"
    quantization: str = "Q4_K"
    path: Path = Path("fake.gguf")
    key: str = "fake.gguf"
    architecture: str = "llama"
    size_bytes: int = 1024
    context_length: int = 4096

    def default_context(self) -> int:
        return self.context_length


@dataclass
class Script:
    """What the fake model will do; tests change it between replies."""

    reply: str = "Hello from the fake model."
    pieces: int = 0  # split the reply into this many chunks (0: one per character)
    endless: bool = False  # keep producing tokens until stopped
    fail: str | None = None  # raise an OrchardError with this text
    crash: bool = False  # raise an unexpected exception
    gate: threading.Event | None = None  # when set by the test, each token waits for it
    seconds_per_token: float = 0.0  # pace like a real model (benchmarks only, never tests)
    prompt_chunks: int = 0  # report reading the prompt in this many chunks of 512 first
    produced: int = 0
    #: what each reply was written from: the conversation the model was sent, (role, text)
    sent: list[list[tuple[str, str]]] = field(default_factory=list)
    systems: list[str | None] = field(default_factory=list)  # and with which system prompt


class _Template:
    text = "{{ messages }}"  # no tool support


class _Choice:
    source = "gguf"
    notice = None
    template = _Template()


class _CharTokenizer:
    """One token a character, as the fake model writes."""

    def encode(self, text: str, *, parse_special: bool = False,
               add_bos: bool | None = None) -> list[int]:
        return [ord(c) for c in text]


@dataclass
class FakeModel:
    info: FakeInfo = field(default_factory=FakeInfo)
    script: Script = field(default_factory=Script)
    choice: _Choice = field(default_factory=_Choice)
    exact: bool = False  # as LoadedModel: how its GGUF weights were loaded
    tokenizer: _CharTokenizer = field(default_factory=_CharTokenizer)


class FakeSession:
    """Made by the engine per conversation, like ChatSession (same keywords)."""

    def __init__(self, model: FakeModel, *, system_prompt: str | None = None,
                 context_length: int | None = None, template: Any = None,
                 caches: Any = None, settings: SamplingSettings | None = None) -> None:
        self.model = model
        self.settings = settings or SamplingSettings()
        self.system_prompt = system_prompt
        self.context_length = context_length or 4096
        self.requested_template = template
        self.messages: list[Message] = []
        self.first_kept = 0
        self.notice: str | None = None
        self.choice = _Choice()
        self.cancel = threading.Event()
        self.seen_histories: list[list[Message]] = []
        # what a request offers a turn (inference.session.offer_tools), as ChatSession has
        self.steering: Any = None
        self.tools: Any = None
        self.tool_format: Any = None

    def follow(self, history: list[Message], *, dropped_turns: int = 0) -> None:
        self.dropped_hint = dropped_turns  # what a fresh session was told was left out
        same = 0
        for mine, theirs in zip(self.messages, history, strict=False):
            if (mine.role, mine.content) != (theirs.role, theirs.content):
                break
            same += 1
        del self.messages[same:]
        self.messages.extend(Message(m.role, m.content, m.token_ids) for m in history[same:])

    def _stream(self, cancel: threading.Event | None, settings: SamplingSettings | None,
                append_to: Message | None = None) -> Iterator[GenerationChunk]:
        self.cancel = cancel or threading.Event()
        s = self.model.script
        self.seen_histories.append([Message(m.role, m.content) for m in self.messages])
        s.sent.append([(m.role, m.content) for m in self.messages])
        s.systems.append(self.system_prompt)
        if s.fail:
            raise OrchardError(s.fail)
        if s.crash:
            raise RuntimeError("boom")
        reply = append_to or Message("assistant", "")
        if append_to is None:
            self.messages.append(reply)
        n = 0
        text = s.reply
        size = max(1, len(text) // s.pieces) if s.pieces else 1
        i = 0
        while s.endless or i < len(text):
            if self.cancel.is_set():
                yield GenerationChunk("", generation_tokens=n, finish_reason="stopped")
                return
            if s.gate is not None:
                s.gate.wait(timeout=30)
            if s.seconds_per_token:
                time.sleep(s.seconds_per_token)
            piece = text[i : i + size] if i < len(text) else "x "
            i += size
            n += 1
            s.produced += 1
            reply.content += piece
            yield GenerationChunk(piece, generation_tokens=n)
        yield GenerationChunk("", prompt_tokens=10, cached_tokens=0, generation_tokens=n,
                              finish_reason="stop", ttft_s=0.01, generation_tps=100.0)

    def reply(self, *, cancel: threading.Event | None = None,
              settings: SamplingSettings | None = None, progress: Any = None
              ) -> Iterator[GenerationChunk]:
        if progress is not None and self.model.script.prompt_chunks:
            for k in range(1, self.model.script.prompt_chunks + 1):
                progress(k * 512, self.model.script.prompt_chunks * 512)
        if not self.messages or self.messages[-1].role != "user":
            raise OrchardError("There is no message to answer yet.")
        return self._stream(cancel, settings)

    def regenerate(self, *, cancel: threading.Event | None = None,
                   settings: SamplingSettings | None = None, progress: Any = None
                   ) -> Iterator[GenerationChunk]:
        self.messages.pop()
        return self._stream(cancel, settings)

    def continue_reply(self, *, cancel: threading.Event | None = None,
                       settings: SamplingSettings | None = None, progress: Any = None
                       ) -> Iterator[GenerationChunk]:
        return self._stream(cancel, settings, append_to=self.messages[-1])


def fake_worker(model: FakeModel | None = None, load_error: str | None = None) -> Any:
    from app.gui.chat.worker import InferenceWorker

    model = model or FakeModel()

    def load(request: Any) -> FakeModel:
        if load_error:
            raise OrchardError(load_error)
        return model

    return InferenceWorker(load=load, make_session=FakeSession)
