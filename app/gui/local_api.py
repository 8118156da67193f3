"""The app's "Local API" switch: the OpenAI-compatible server, serving the model the window
has loaded.

There is one model owner, the engine (inference/engine.py) that the window's worker holds.
The server's requests become jobs queued on it in the order they come, between the window's
own replies; nothing loads a second copy of the model, and the engine's pool of KV caches
keeps a client's conversation from evicting the window's. The app serves on 127.0.0.1
only, so no API key is needed; ``orchard serve`` is the way to serve other hosts.

Signals (LocalApi):
    state_changed(str): "" when the API is off, else one line saying where it serves.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from app.gui.chat.seams import ApiWorker
from app.server.app import BackgroundServer
from app.server.guard import ServerConfig, ServerConfigError
from inference.engine import ApiDoor

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


class LocalApi(QObject):
    """Starts and stops the server for the app, on the worker's model."""

    state_changed = Signal(str)

    def __init__(self, worker: ApiWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.engine: ApiDoor | None = None
        self.server: BackgroundServer | None = None

    @property
    def running(self) -> bool:
        return self.server is not None

    @property
    def url(self) -> str:
        return f"{self.server.url}/v1" if self.server is not None else ""

    def start(self, port: int) -> str | None:
        """Serve on 127.0.0.1:``port`` (0 picks a free one); returns an error sentence."""
        self.stop()
        # a ProcessEngine (the model in a child process) has every member ApiDoor uses, but
        # ApiDoor is typed for the Engine: inference/engine.py cannot name inference.remote
        engine = ApiDoor(self.worker.engine)
        try:
            server = BackgroundServer(engine, ServerConfig(host=HOST, port=port))
        except ServerConfigError as exc:
            engine.close()
            # the reason is the server's own sentence (app/server, in English)
            return self.tr("The Local API could not start: {reason}").format(reason=exc)
        self.engine, self.server = engine, server.start()
        log.info("local API at %s", self.url)
        self.state_changed.emit(self.tr("Local API: {url}").format(url=self.url))
        return None

    def stop(self) -> None:
        if self.server is None or self.engine is None:
            return
        self.engine.close()  # before the server: its open requests then end at once
        self.server.stop()
        self.engine = self.server = None
        self.state_changed.emit("")
