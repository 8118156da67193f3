"""The window's tool calls: the MCP servers the user set up (Settings ▸ Tools), and one round
of a reply's calls, each shown, asked about, made and kept with the conversation.

:class:`ToolBox` owns the running servers (inference.tools.host.ToolHost): started off the GUI
thread when tools are on, started again when the user changes them, closed when the window
closes. :class:`ToolRound` takes a reply's calls one at a time: a call the user has not allowed
"always" opens the consent dialog (never ``exec()``: the window stays alive), an allowed one
runs in the background with the round's stop flag (Stop tells the server to cancel, and a
server that does not answer within the time limit is ended), and each result is saved as a
``tool`` message and drawn as a card before the next call.

Signals (ToolBox):
    changed(): the tools on offer changed (their servers started, or were stopped).
Signals (ToolRound):
    status(str): what the round is doing, for the status line ("" when done).
    done(bool): the round is over; whether the model should go on from its results (not
        when the user stopped it or the limit of calls was reached).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.gui import notify as messages
from app.gui.bridge import run_in_background
from app.gui.chat.transcript import ShownMessage
from app.gui.settings import AppSettings
from app.gui.tools.consent import Consent, ConsentDialog
from inference.engine import StopFlag
from inference.errors import OrchardError
from inference.store import StoreError
from inference.tools import turns
from inference.tools.config import default_config_path, load_config
from inference.tools.host import Tool, ToolHost
from inference.types import Message

log = logging.getLogger(__name__)


#: Said for a call its tools were restarted under (the model is told too).
RESTARTED = "Orchard's tools were turned off or restarted while the model was calling them."


def _unnamed(call: dict[str, Any]) -> Tool:
    """A stand-in for a tool no longer listed, so its call is recorded like the others."""
    name = turns.name_of(call)
    return Tool(server="", name=name, remote_name=name, description="", input_schema={},
                remote=False)


class ToolBox(QObject):
    """The MCP servers of the user's tool settings, running while tools are on."""

    changed = Signal()

    def __init__(self, app_settings: AppSettings, path: Path | None = None,
                 parent: QObject | None = None,
                 host_factory: Callable[..., ToolHost] = ToolHost) -> None:
        super().__init__(parent)
        self.app_settings = app_settings
        self.path = path or default_config_path()
        self.host_factory = host_factory
        self.host: ToolHost | None = None
        self.problems: dict[str, str] = {}
        self._generation = 0  # a restart outdates the servers still starting

    def offered(self) -> list[Tool]:
        """The tools the model is offered now (none while tools are off or starting)."""
        if not self.app_settings.tools_enabled or self.host is None:
            return []
        return self.host.tools()

    def restart(self) -> None:
        """Stop the running servers and, with tools on, start the configured ones (off the
        GUI thread: a server may take seconds, or never answer)."""
        self._generation += 1
        generation = self._generation
        old, self.host = self.host, None
        self.problems = {}
        if old is not None:
            run_in_background(self, old.close, lambda _: None, lambda _: None)
        self.changed.emit()
        if not self.app_settings.tools_enabled:
            return
        try:
            specs = load_config(self.path) if self.path.exists() else []
        except OrchardError as exc:
            messages.warning(str(exc))
            return
        if not any(s.enabled for s in specs):
            return
        host = self.host_factory(specs, call_timeout=self.app_settings.tool_timeout_s)

        def started(problems: Any) -> None:
            if generation != self._generation:  # changed meanwhile: this one is not wanted
                run_in_background(self, host.close, lambda _: None, lambda _: None)
                return
            self.host, self.problems = host, dict(problems)
            for problem in self.problems.values():  # each names its server
                messages.warning(problem)
            self.changed.emit()

        run_in_background(self, host.start, started, messages.warning)

    def close(self) -> None:
        """Stop every server (when the window closes); waits for them, briefly."""
        self._generation += 1
        host, self.host = self.host, None
        if host is not None:
            host.close()


class ToolRound(QObject):
    """One reply's tool calls in conversation ``cid``, after the reply was saved."""

    status = Signal(str)
    done = Signal(bool)

    def __init__(self, *, store: Any, transcript: Any, box: ToolBox, parent: QWidget,
                 cid: int, calls: list[dict[str, Any]], history: list[Message]) -> None:
        super().__init__(parent)
        self.store, self.transcript, self.box = store, transcript, box
        self.window = parent
        self.cid = cid
        self.calls = list(calls)
        self.app_settings = box.app_settings
        self.limit = self.app_settings.tool_steps
        #: the calls made since the user's message, before this reply's
        self.before = turns.calls_since_user(history) - len(calls)
        self.n = 0
        self.stop_flag = StopFlag()
        self.go_on = True
        #: calls not made for the limit, and calls made (or answered) in this round: past
        #: the limit the model still goes on once, from the results it has, unless every
        #: call of the round was over the limit
        self.limited = 0
        self.answered = 0
        self.dialog: ConsentDialog | None = None
        self.over = False

    def start(self) -> None:
        self._next()

    def stop(self) -> None:
        """Stop the round: a running call is cancelled, an open question is denied, and
        the model does not go on."""
        self.stop_flag.set()
        self.go_on = False
        if self.dialog is not None:
            self.dialog.reject()

    def _next(self) -> None:
        if not self.calls:
            self._finish()
            return
        call = self.calls.pop(0)
        n, self.n = self.n, self.n + 1
        tools = self.box.offered()
        tool = turns.find_tool(tools, call)
        if self.stop_flag.is_set():
            self._kept(turns.stopped(call, tool))
        elif self.box.host is None:  # turned off or restarted (Settings ▸ Tools) meanwhile
            self._kept(turns.failed(call, tool or _unnamed(call), RESTARTED))
        elif tool is None:
            self._kept(turns.unknown(call))
        elif self.before + n >= self.limit:
            self._kept(turns.over_limit(call, tool, self.limit))
        elif turns.consent_key(tool) in self.app_settings.tools_always:
            self._run(call, tool)
        else:
            self._ask(call, tool)

    def _ask(self, call: dict[str, Any], tool: Tool) -> None:
        self.status.emit(self.tr("Waiting for you to allow {tool}…").format(tool=tool.name))
        dialog = ConsentDialog(tool, turns.arguments_of(call), self.window)
        self.dialog = dialog

        def decided(consent: Consent) -> None:
            self.dialog = None
            dialog.deleteLater()
            if self.stop_flag.is_set():
                self._kept(turns.stopped(call, tool))
                return
            if consent is Consent.DENY:
                self._kept(turns.denied(call, tool))
                return
            if consent is Consent.ALWAYS:
                key = turns.consent_key(tool)
                if key not in self.app_settings.tools_always:
                    self.app_settings.tools_always.append(key)
                    self.app_settings.save()
            self._run(call, tool)

        dialog.decided.connect(decided)
        dialog.open()

    def _run(self, call: dict[str, Any], tool: Tool) -> None:
        host = self.box.host
        if host is None:  # the servers were restarted meanwhile
            self._kept(turns.failed(call, tool, RESTARTED))
            return
        self.status.emit(self.tr("Running {tool}… (Stop ends it)").format(tool=tool.name))
        timeout = self.app_settings.tool_timeout_s
        run_in_background(
            self, lambda: turns.run(host, call, tool, cancel=self.stop_flag, timeout=timeout),
            self._ran, lambda error: self._kept(turns.failed(call, tool, error)))

    def _ran(self, outcome: turns.CallOutcome) -> None:
        if outcome.state == turns.STOPPED:
            self.go_on = False
        self._kept(outcome)

    def _kept(self, outcome: turns.CallOutcome) -> None:
        """The call's result joins the conversation (saved, then drawn), then the next."""
        content = outcome.message.content
        if outcome.state == turns.LIMIT:
            self.limited += 1
        else:
            self.answered += 1
        try:
            mid = self.store.add_message(self.cid, "tool", content, tool=outcome.record)
        except StoreError as exc:
            messages.error(str(exc))
            self.go_on = False
            self._finish()
            return
        self.transcript.append_message(ShownMessage(mid, "tool", content, tool=outcome.record))
        self._next()

    def _finish(self) -> None:
        if self.over:
            return
        self.over = True
        self.status.emit("")
        only_limited = self.limited > 0 and self.answered == 0
        self.done.emit(self.go_on and not self.stop_flag.is_set() and not only_limited)
