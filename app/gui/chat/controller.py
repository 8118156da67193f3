"""The open conversation: connects the store, the inference worker and the views.

GUI thread only. Requests go to the worker, which queues them on the engine; its answers
come back as signals. A streaming reply is saved every second and when it ends, so a crash loses at
most the last second of it and nothing else.

Signals:
    request_load(object): a LoadRequest for the worker.
    request_reply(object, object): the engine's ChatRequest for the worker, and the reply's
        StopFlag (Stop sets it from the GUI thread).
    busy_changed(bool): a reply started or ended.
    model_changed(object): the ModelInfo now loaded (None while loading or after a failure).
    loading_changed(bool): a model load started or ended.
    conversations_changed(): the list of conversations changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal

from app.gui import notify as messages
from app.gui.chat.seams import ChatComposer, ChatStore, ChatTranscript, ChatWorker
from app.gui.chat.tool_round import ToolBox, ToolRound
from app.gui.chat.transcript import ShownMessage
from app.gui.chat.worker import LoadRequest, ReplyResult
from app.gui.confirm import ask
from app.gui.settings import AppSettings, ChatSettings
from inference.engine import ChatRequest, StopFlag
from inference.model.load import ModelInfo
from inference.store import StoreError, context_used, dropped_turns, reply_stats
from inference.types import Message

log = logging.getLogger(__name__)

SAVE_INTERVAL_MS = 1000  # well inside the promise of "at most 2 seconds lost"
#: Said once, on the first launch (translated where it is shown).
WELCOME = str(QT_TRANSLATE_NOOP(
    "ChatController",
    "Welcome to Orchard. The model runs on this Mac and everything you type stays here: "
    "Orchard opens no network connection unless you ask it to download a model."))


class StatsLine(QObject):
    """The words of a reply's stats line. A QObject so that its plurals (``%n``) are
    collected: pyside6-lupdate takes a count from ``self.tr``, not from
    ``QCoreApplication.translate``."""

    def text(self, stats: dict[str, Any]) -> str:
        parts = []
        if stats.get("model"):
            # the engine's word for how GGUF weights ran, said as the model button says it
            weights = stats.get("weights")
            if weights in ("native", "converted"):
                weights = QCoreApplication.translate("MainWindow", weights)
            parts.append(" · ".join(str(x) for x in (stats["model"], stats.get("quant"),
                                                     weights) if x))
        parts.append(self.tr("%n tokens", "", int(stats.get("generation_tokens") or 0)))
        if stats.get("ttft_s"):
            parts.append(self.tr("TTFT {seconds} s").format(seconds=f"{stats['ttft_s']:.2f}"))
        if stats.get("generation_tps"):
            parts.append(self.tr("{rate} tokens/s").format(
                rate=f"{stats['generation_tps']:.1f}"))
        drafted, written = int(stats.get("draft_tokens") or 0), stats.get("generation_tokens")
        if drafted and written:  # speculative decoding: how much of the reply it proposed
            parts.append(self.tr("{percent}% from the draft model").format(
                percent=round(100 * drafted / int(written))))
        if stats.get("dropped_turns"):
            n = int(stats["dropped_turns"])
            # two sources, so that the English (no translator) says "1 earlier turn"
            parts.append(self.tr("%n earlier turn not sent (beyond the context)", "", n)
                         if n == 1 else
                         self.tr("%n earlier turns not sent (beyond the context)", "", n))
        if stats.get("finish_reason") == "stopped":
            parts.append(self.tr("stopped"))
        elif stats.get("finish_reason") == "loop":
            parts.append(self.tr("ended: it had started repeating itself"))
        elif stats.get("finish_reason") == "length":
            parts.append(self.tr("cut off at the reply length limit (Continue writes more)"))
        return " · ".join(parts)


def stats_line(stats: dict[str, Any]) -> str:
    """Model, quantization, tokens, TTFT and speed for one reply (live or reopened)."""
    return StatsLine().text(stats)


#: Prompts longer than this (tokens still to read) show how far reading them has got.
PROMPT_PROGRESS_FROM = 512


def _first_line(first_message: str) -> str:
    lines = first_message.strip().splitlines()
    return lines[0][:60] if lines else ""


def title_for(first_message: str) -> str:
    """A new conversation's title: its first message's first line."""
    return _first_line(first_message) or QCoreApplication.translate("ChatController", "New chat")


@dataclass
class _Pending:
    message_id: int
    text: str = ""
    kind: str = "reply"
    #: the reply's stop flag (Stop sets it straight from the GUI thread)
    stop: StopFlag | None = None
    save_failed: bool = False  # told the user once that this reply could not be saved
    earlier_tokens: int = 0  # a continued reply: the tokens it had before
    conversation: int | None = None


class ChatController(QObject):
    request_load = Signal(object)
    request_reply = Signal(object, object)
    busy_changed = Signal(bool)
    model_changed = Signal(object)
    loading_changed = Signal(bool)
    conversations_changed = Signal()
    #: while a reply streams, how fast ("57 tokens · 18.3 tokens/s"); "" when it ends
    live_speed = Signal(str)

    def __init__(self, store: ChatStore, worker: ChatWorker, app_settings: AppSettings,
                 transcript: ChatTranscript, composer: ChatComposer) -> None:
        super().__init__()
        self.store = store
        self.worker = worker
        self.app_settings = app_settings
        self.transcript = transcript
        self.composer = composer
        self.conversation_id: int | None = None
        self.model_info: ModelInfo | None = None
        self.model_spec: str | None = None
        self.loading = False
        self._told_dropped: set[int | None] = set()
        self.pending: _Pending | None = None
        self.editing_id: int | None = None  # the message an edit makes a new version of
        #: the preset (a name in AppSettings.presets) a new chat starts with; "": defaults
        self.start_preset = ""
        self.new_chat_settings: ChatSettings | None = None
        #: the user's MCP tools (set by the window), and the reply's calls being made
        self.tools: ToolBox | None = None
        self.tool_round: ToolRound | None = None
        self._told_notices: set[tuple[int | None, str]] = set()
        self._save_timer = QTimer(self)
        self._save_timer.setInterval(SAVE_INTERVAL_MS)
        self._save_timer.timeout.connect(self._save_partial)
        self.request_load.connect(worker.load_model)
        self.request_reply.connect(worker.generate)
        worker.loaded.connect(self._loaded)
        worker.load_failed.connect(self._load_failed)
        worker.kept.connect(self._kept)
        worker.tokens.connect(self._tokens)
        worker.speed.connect(self._speed)
        files = composer.attachments
        files.counter = worker.count_tokens  # off the GUI thread (run_in_background)
        files.changed.connect(self.check_budget)
        composer.send_cut_requested.connect(self.send_cut)
        worker.prompt_progress.connect(self._prompt_progress)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        worker.interrupted.connect(self._interrupted)
        worker.lost.connect(self._lost)
        composer.submitted.connect(self.send)
        composer.stop_requested.connect(self.stop)
        transcript.action.connect(self.message_action)

    def choose_preset(self, name: str) -> None:
        """Start the next new chat with preset ``name`` ("": the default settings)."""
        self.start_preset = name if name in self.app_settings.presets else ""
        self.new_chat_settings = None

    # --- model ------------------------------------------------------------------------
    def load_model(self, spec: str) -> None:
        """Unload the current model and load ``spec`` on the engine thread."""
        if self.pending is not None:
            self.stop()
        self.model_spec = spec
        self.model_info = None
        self.model_changed.emit(None)
        ctx = self.settings().context_length
        self.loading = True
        self.loading_changed.emit(True)
        self.check_budget()  # nothing is said of the last model's eyes while this one loads
        self.request_load.emit(LoadRequest(spec, context_length=ctx,
                                           kv_bits=self.app_settings.kv_bits_for(spec),
                                           draft=self.app_settings.draft_for(spec)))

    def _loaded(self, info: ModelInfo) -> None:
        self.loading = False
        self.model_info = info
        self.app_settings.model = self.model_spec or "starter"
        self.app_settings.save()
        self.loading_changed.emit(False)
        self.model_changed.emit(info)
        self.composer.attachments.recount()  # in this model's tokens
        self.check_budget()  # whether this one sees the images attached

    def _load_failed(self, message: str) -> None:
        self.loading = False
        self.loading_changed.emit(False)
        self.model_changed.emit(None)
        messages.error(message)

    def _kept(self, info: ModelInfo | None, spec: str) -> None:
        """After a failed load: the model the user had is still (or again) loaded."""
        self.model_spec = spec or self.app_settings.model
        self.model_info = info
        if self.loading:  # loaded again after the model's process ended
            self.loading = False
            self.loading_changed.emit(False)
        self.model_changed.emit(info)
        self.check_budget()

    # --- conversations ------------------------------------------------------------------
    def settings(self) -> ChatSettings:
        """The open conversation's settings; for a chat not started yet, the preset chosen
        to start it with, else the defaults."""
        if self.conversation_id is None:
            return self.new_chat_settings or self.app_settings.presets.get(
                self.start_preset, self.app_settings.defaults)
        stored = self.store.conversation(self.conversation_id).settings
        return ChatSettings.from_dict(stored) if stored else self.app_settings.defaults

    def set_settings(self, settings: ChatSettings, *, as_default: bool = False) -> None:
        from dataclasses import asdict

        if self.conversation_id is None and self.start_preset and not as_default:
            self.new_chat_settings = settings  # the preset, changed for this chat only
            return
        if as_default or self.conversation_id is None:
            self.app_settings.defaults = settings
            self.app_settings.save()
        if self.conversation_id is not None:
            try:
                self.store.update_settings(self.conversation_id, asdict(settings))
            except StoreError as exc:  # e.g. a full disk: the saved settings stay as they were
                messages.error(str(exc))

    def open_conversation(self, cid: int | None) -> None:
        if self.pending is not None or self.tool_round is not None:
            messages.info(self.tr("Stop the reply first to switch conversations."))
            return
        self.conversation_id = cid
        if self.editing_id is not None:
            self.editing_id = None
            messages.clear("editing")
        if cid is None:
            # the welcome is said once, on the first launch; later a new chat starts empty
            welcome = QCoreApplication.translate("ChatController", WELCOME)
            self.transcript.set_messages([], "" if self.app_settings.welcomed else welcome)
            return
        shown = []
        for m in self.store.messages(cid):
            line = stats_line(m.stats) if m.role == "assistant" and m.stats else ""
            if not m.complete:
                line = (line + " · " if line else "") + self.tr("interrupted")
            shown.append(ShownMessage(m.id, m.role, m.content, line, True, m.siblings,
                                      m.attachments, m.tool))
        self.transcript.set_messages(shown)

    def new_conversation(self) -> None:
        self.open_conversation(None)
        self.composer.edit.setFocus()

    def _ensure_conversation(self, first_text: str) -> int:
        if self.conversation_id is None:
            from dataclasses import asdict

            title = title_for(first_text)
            self.conversation_id = self.store.create_conversation(
                title, self.model_spec or "", asdict(self.settings())
            )
            self.new_chat_settings = None
            self.transcript.set_messages([])
            self.conversations_changed.emit()
        return self.conversation_id

    def _first_message(self, cid: int) -> str | None:
        shown = self.store.messages(cid, files=False)
        return shown[0].content if shown else None

    def _retitle(self, cid: int, first_before: str | None) -> None:
        """The title follows the first message when it is edited or another version of it
        is shown, unless the user renamed the conversation."""
        now = self._first_message(cid)
        if first_before is None or now is None or now == first_before:
            return
        # the title it was given (the default one in any language, if the message was empty)
        given = _first_line(first_before)
        if self.store.conversation(cid).title in ({given} if given else
                                                   {"New chat", title_for("")}):
            self.store.rename(cid, title_for(now))
            self.conversations_changed.emit()

    def _history(self, cid: int, before: int | None = None) -> tuple[list[Message], int]:
        """The conversation as saved (up to message ``before``, if given), and how many
        earlier turns its last reply was sent without."""
        stored = self.store.messages(cid)
        if before is not None:
            stored = stored[:next((i for i, m in enumerate(stored) if m.id == before),
                                  len(stored))]
        return [m.as_message() for m in stored], dropped_turns(stored)

    # --- sending ------------------------------------------------------------------------
    def send(self, text: str, *, fits: bool = False) -> None:
        """Send ``text`` with the attached files; ``fits``: they were cut to fit already
        (not checked against the context again while their new sizes are being counted)."""
        if self.pending is not None or self.tool_round is not None:
            return
        if self.model_info is None:
            messages.warning(
                self.tr("The model is still loading; your message is kept in the box.")
                if self.loading
                else self.tr("No model is loaded; choose one in the Model menu. Your message is "
                             "kept in the box."))
            self.composer.set_text(text)
            return
        files = self.composer.attachments.attachments()
        blind = self.image_problem()
        if blind:  # the chips and the words stay: a vision model can be chosen, or images removed
            messages.warning(blind)
            self.composer.set_text(text)
            return
        too_big = "" if fits else self.budget_problem()
        if too_big:  # sent as it is, the files would crowd out the conversation or fail
            messages.warning(too_big)
            self.composer.set_text(text)
            return
        try:
            cid = self._ensure_conversation(text or (files[0].name if files else ""))
            edited, self.editing_id = self.editing_id, None
            first = self._first_message(cid)
            # an edit is a new version of the message: the old one and its replies are
            # kept, a ‹ › away
            mid = self.store.add_message(cid, "user", text, sibling_of=edited,
                                         attachments=files)
            self._retitle(cid, first)
        except StoreError as exc:  # e.g. a full disk: the message goes back in the box
            self.composer.set_text(text)
            messages.error(self.tr("{error} Your message is still in the box.").format(
                error=exc))
            return
        self.composer.attachments.clear()
        if edited is not None:
            messages.clear("editing")
            self.open_conversation(cid)
        else:
            self.transcript.append_message(
                ShownMessage(mid, "user", text, attachments=tuple(files)))
        try:
            self._start("reply")
        except StoreError as exc:
            messages.error(str(exc))

    # --- attachments and the context ------------------------------------------------------
    def context_used(self) -> int | None:
        """Tokens of the model's context the open conversation fills (None: no reply yet)."""
        if self.conversation_id is None:
            return None
        return context_used(self.store.messages(self.conversation_id, files=False))

    def _budget(self) -> tuple[int, int, int] | None:
        """(the files' tokens, the conversation's so far, what the context holds for a
        message), or None while it cannot be known (no model, files not counted yet)."""
        files = self.composer.attachments.tokens()
        limit = int(getattr(self.worker, "context_length", 0) or 0)
        if not files or limit <= 0 or self.model_info is None:
            return None
        used = self.context_used() or 0
        # room kept for the reply itself: its length limit, at most a quarter of the context
        reply = min(self.settings().max_tokens, limit // 4)
        return files, used, limit - reply

    def budget_problem(self) -> str:
        """One sentence when the message's files would not fit the context; "" if they do."""
        budget = self._budget()
        if budget is None or sum(budget[:2]) <= budget[2]:
            return ""
        files, used, room = budget
        return self.tr(
            "The files are {files} tokens and the conversation so far {used}: together they do "
            "not fit the {room} tokens the model's context has for them. Remove a file, choose "
            "a larger context in Settings, or send the part that fits.").format(
                files=f"{files:,}", used=f"{used:,}", room=f"{room:,}")

    def image_problem(self) -> str:
        """One sentence when images are attached and the loaded model cannot see them;
        "" otherwise."""
        info = self.model_info
        if info is None or getattr(info, "vision", False) \
                or not self.composer.attachments.has_images():
            return ""
        return self.tr("{model} reads text only, so it cannot see images; choose a vision "
                       "model, or remove the images.").format(model=info.name)

    def check_budget(self) -> None:
        blind = self.image_problem()
        self.composer.set_budget(blind or self.budget_problem(), cut=not blind)

    def send_cut(self) -> None:
        """Send the message with its files cut to what fits: each file whole while it fits,
        then the first part of the next, marked as cut; files after it are left out."""
        from inference.attachments import cut_to

        budget = self._budget()
        bar = self.composer.attachments
        if budget is None:
            return
        left = budget[2] - budget[1] - 64  # a little room for the message's own words
        kept = []
        for item in bar.items:
            a, tokens = item.attachment, item.tokens or 0
            if tokens <= left:
                kept.append(a)
                left -= tokens
            elif left > 64 and tokens > 0:
                # characters in proportion to tokens, less the cut note and a tenth to spare
                # (a file's dense and sparse parts do not tokenize alike)
                kept.append(cut_to(a, len(a.text) * (left - 48) * 9 // (10 * tokens)))
                left = 0
        if not kept:
            messages.warning(self.tr("Nothing of the files fits the model's context; choose a "
                                     "larger context in Settings or start a new chat."))
            return
        for item in list(bar.items)[len(kept):]:
            bar.remove(item)
        bar.replace(kept)
        self.composer.set_budget("")
        text = self.composer.edit.toPlainText()
        self.composer.edit.clear()
        self.send(text, fits=True)

    def _start(self, kind: str, existing: str = "", message_id: int | None = None,
               new_version_of: int | None = None) -> None:
        """Ask for a reply: a new one at the end, a new version of reply
        ``new_version_of`` (regenerate), or more of ``message_id`` (continue)."""
        assert self.conversation_id is not None
        cid = self.conversation_id
        history, dropped = self._history(cid, before=new_version_of)
        s = self.settings()
        offered = [t.function() for t in self.tools.offered()] if self.tools else []
        # "must call a tool" holds for the model's first step after the user's message only:
        # from a tool's result on, it may answer
        first = kind == "reply" and bool(history) and history[-1].role == "user"
        request = ChatRequest(
            kind=kind, history=history, system_prompt=s.system_prompt or None,
            settings=s.sampling(self.model_info), context_length=s.context_length,
            template=s.requested_template(), conversation=cid, dropped_turns=dropped,
            tools=offered or None,
            tool_choice="required" if first and self.app_settings.tool_first == "required"
            else "auto",
        )
        if message_id is None:
            message_id = self.store.begin_reply(cid, sibling_of=new_version_of)
            versions = self.store.messages(cid, files=False)[-1].siblings if new_version_of else ()
            self.transcript.begin_reply(
                ShownMessage(message_id, "assistant", "", "", False, versions))
        else:
            self.transcript.begin_reply(ShownMessage(message_id, "assistant", "", "", False))
            self.transcript.append_text(existing)
        stop = StopFlag()
        self.pending = _Pending(message_id, existing, kind, stop=stop, conversation=cid)
        self.composer.set_streaming(True)
        self.busy_changed.emit(True)
        self._save_timer.start()
        self.request_reply.emit(request, stop)

    def stop(self) -> None:
        """Stop the reply within one token: sets its Event straight from the GUI thread.
        While a model loads (and no reply runs), stop the load instead."""
        if self.pending is not None and self.pending.stop is not None:
            self.pending.stop.set()
        elif self.tool_round is not None:
            self.tool_round.stop()
        elif self.loading:
            self.worker.cancel_load()

    def _prompt_progress(self, done: int, total: int) -> None:
        """A long prompt is being read (before the first token): say how far, in the reply."""
        if self.pending is None or self.pending.text or total <= PROMPT_PROGRESS_FROM:
            return
        self.transcript.show_progress(self.tr("Reading your prompt… {percent}%").format(
            percent=min(100, done * 100 // total)))

    def _tokens(self, text: str) -> None:
        if self.pending is None:
            return
        self.pending.text += text
        self.transcript.append_text(text)

    def _speed(self, written: int, rate: float) -> None:
        if self.pending is None:
            return
        self.live_speed.emit(self.tr("{n} tokens · {rate} tokens/s").format(
            n=written + self.pending.earlier_tokens, rate=f"{rate:.1f}"))

    def _save_partial(self) -> None:
        p = self.pending
        if p is not None:
            self._save(p, p.text, complete=False)

    def _save(self, p: _Pending, content: str, **fields: Any) -> None:
        """Save the reply; a disk that cannot take it is said once per reply, and the reply
        goes on (it stays on screen, and the next save tries again)."""
        try:
            self.store.update_reply(p.message_id, content, **fields)
        except StoreError as exc:
            if not p.save_failed:
                p.save_failed = True
                messages.error(self.tr("{error} The reply stays on screen.").format(error=exc))

    def _take(self) -> _Pending | None:
        p = self.pending
        self.pending = None
        self._save_timer.stop()
        return p

    def _idle(self) -> None:
        """Tell the window the reply is over: last, after it was saved and drawn, since a
        listener may start the next reply straight away."""
        self.live_speed.emit("")
        self.composer.set_streaming(False)
        self.busy_changed.emit(False)

    def _finished(self, result: ReplyResult) -> None:
        p = self._take()
        if p is None:
            return
        stats = reply_stats(result.final, self.model_info)
        stats["generation_tokens"] += p.earlier_tokens  # a continued reply counts it all
        calls = {"calls": result.tool_calls} if result.tool_calls else None
        self._save(p, result.content, complete=True, stats=stats, token_ids=result.token_ids,
                   tool=calls)
        self.transcript.end_reply(result.content, stats_line(stats), tool=calls)
        # Said where it matters, in the reply's own stats line (kept with it); and once, the
        # first time in a conversation, as news.
        if result.final.dropped_turns and p.conversation not in self._told_dropped:
            self._told_dropped.add(p.conversation)
            messages.info(self.tr("The conversation no longer fits in the model's context: its "
                                  "earliest turns are left out of what it is sent (they stay "
                                  "here)."))
        if result.notice and (p.conversation, result.notice) not in self._told_notices:
            self._told_notices.add((p.conversation, result.notice))  # once per conversation
            messages.warning(result.notice)
        self.conversations_changed.emit()
        if (result.tool_calls and self.tools is not None and not p.save_failed
                and p.conversation is not None):
            # a reply the user stopped keeps its calls, each "stopped": none is made
            stopped = p.stop is not None and p.stop.is_set() or (
                result.final.finish_reason == "stopped")
            self._call_tools(p.conversation, result.tool_calls, stopped=stopped)
            return
        self._idle()

    def _call_tools(self, cid: int, calls: list[dict[str, Any]], *, stopped: bool) -> None:
        """Make the reply's tool calls (app/gui/chat/tool_round.py); the window stays busy,
        and Stop stops them, until the model goes on from their results."""
        assert self.tools is not None
        try:
            history, _ = self._history(cid)
            round_ = ToolRound(store=self.store, transcript=self.transcript, box=self.tools,
                               parent=self.transcript.window(), cid=cid, calls=calls,
                               history=history)
        except StoreError as exc:  # the calls stay with the reply; none is made
            messages.error(str(exc))
            self._idle()
            return
        self.tool_round = round_
        round_.status.connect(self.live_speed)

        def done(go_on: bool) -> None:
            if self.tool_round is not round_:  # not this round's to end
                return
            self.tool_round = None
            round_.deleteLater()
            try:
                if (go_on and self.conversation_id == cid and self.model_info is not None
                        and self.pending is None and not self.store.conversation(cid).deleted):
                    self._start("reply")
                    return
            except (StoreError, KeyError) as exc:
                messages.error(str(exc))
            self.conversations_changed.emit()
            self._idle()

        round_.done.connect(done)
        if stopped:
            round_.stop()
        round_.start()

    @property
    def busy(self) -> bool:
        """A reply is being written, or its tool calls made."""
        return self.pending is not None or self.tool_round is not None

    def _failed(self, message: str) -> None:
        p = self._take()
        if p is not None:
            self._save(p, p.text, complete=True)
            self.transcript.end_reply(p.text, self.tr("failed"))
        messages.error(message)
        self._idle()

    def _interrupted(self, message: str) -> None:
        """The model's process ended under the reply: what came is kept, marked interrupted
        (``lost`` says why, once)."""
        p = self._take()
        if p is not None:
            self._save(p, p.text, complete=False)
            self.transcript.end_reply(p.text, self.tr("interrupted"))
        self._idle()

    def _lost(self, message: str, reloading: str) -> None:
        """The model's process ended (a crash, a kill): said once; the model it had is being
        loaded again in a new one (``kept`` or ``load_failed`` ends that)."""
        messages.error(message)
        self.model_info = None
        self.model_changed.emit(None)
        if reloading:
            self.model_spec = reloading
            self.loading = True
            self.loading_changed.emit(True)

    def preview(self, settings: ChatSettings) -> Callable[[], tuple[str, int, str]]:
        """A job that renders the prompt the open conversation would send next, with a sample
        message. The history is read here (the store is the GUI thread's); the job renders
        a template, untrusted code, so the dialog runs it off the GUI thread."""
        history, dropped = (self._history(self.conversation_id) if self.conversation_id
                            else ([], 0))
        history.append(Message("user", self.tr("(your next message)")))
        worker, system, template = (self.worker, settings.system_prompt or None,
                                    settings.requested_template())
        ctx, sampling = settings.context_length, settings.sampling(self.model_info)
        tools = [t.function() for t in self.tools.offered()] if self.tools else None
        return lambda: worker.preview(
            history, system, template, ctx, sampling, dropped, tools or None)

    # --- message actions --------------------------------------------------------------
    def _confirm_delete(self, role: str) -> bool:
        """A message is deleted for good (the store keeps no copy): ask first."""
        from PySide6.QtWidgets import QMessageBox

        question = (self.tr("Delete your message? It cannot be brought back.") if role == "user"
                    else self.tr("Delete this reply and the results of its tool calls? They "
                                 "cannot be brought back.")
                    if role == "tool"
                    else self.tr("Delete this reply? It cannot be brought back."))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete message"), question,
                          QMessageBox.StandardButton.Cancel, self.transcript.window())
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return self.confirm(box) is delete

    confirm = staticmethod(ask)  # tests answer for the user

    def message_action(self, name: str, message_id: int) -> None:
        if self.pending is not None or self.tool_round is not None or self.conversation_id is None:
            return
        try:
            self._message_action(name, message_id)
        except StoreError as exc:  # e.g. a full disk: nothing saved is lost, the view is
            messages.error(str(exc))  # the conversation as saved again
            if self.pending is None:
                self.open_conversation(self.conversation_id)

    def _message_action(self, name: str, message_id: int) -> None:
        assert self.conversation_id is not None
        if name == "version":  # show another version, and what followed it then
            first = self._first_message(self.conversation_id)
            self.store.switch_to(message_id)
            self._retitle(self.conversation_id, first)
            self.open_conversation(self.conversation_id)
            return
        stored = self.store.messages(self.conversation_id)
        index = next((i for i, m in enumerate(stored) if m.id == message_id), None)
        if index is None:
            return
        m = stored[index]
        last = index == len(stored) - 1
        if name == "delete":
            # a reply that called tools goes with its calls' results: a result without its
            # call (or two replies in a row) is a conversation no template renders
            results = []
            if m.role == "assistant" and m.tool and m.tool.get("calls"):
                for after in stored[index + 1:]:
                    if after.role != "tool":
                        break
                    results.append(after.id)
            elif m.role == "tool":  # removed with the reply that made the call
                return
            if not self._confirm_delete("tool" if results else m.role):
                return
            for gone in [*reversed(results), message_id]:
                self.store.delete_message(gone)
            self.open_conversation(self.conversation_id)
        elif name == "edit" and m.role == "user":
            self.editing_id = m.id
            self.composer.attachments.set_attachments(list(m.attachments))
            self.composer.set_text(m.content)
            messages.state("editing", self.tr(
                "Editing: what you send becomes a new version of this message; the old one "
                "stays a \u2039 \u203a away."))
        elif name == "regenerate" and m.role == "assistant":
            # the reply so far stays, a version away: the new one follows what came before
            self.transcript.set_messages(self.transcript.messages()[:index])
            self._start("reply", new_version_of=m.id)
        elif name == "continue" and m.role == "assistant":
            if not last:
                messages.info(self.tr("Only the last reply can be continued."))
                return
            self.open_conversation(self.conversation_id)
            shown = self.transcript.messages()[:-1]
            self.transcript.set_messages(shown)
            self._start("continue", existing=m.content, message_id=message_id)
            if self.pending is not None and m.stats:
                self.pending.earlier_tokens = int(m.stats.get("generation_tokens", 0) or 0)
